# securityhub-mock as a container: a CI service, or a service next to an application
# (compose.yaml). README, "Container", shows docker run, compose and GitHub Actions.
#   docker build -t securityhub-mock .
#   docker run -p 9777:9777 securityhub-mock
# Every step the image runs is a script CI runs too: the build stage runs scripts/setup.sh
# (as scripts/test.sh does), the last stage scripts/setup.sh --runtime, and HEALTHCHECK
# scripts/healthcheck.sh (tests/readme/check_recipes.py runs both against the built binary).
FROM debian:bookworm-slim AS build
WORKDIR /src
COPY . .
RUN rm -rf build && scripts/setup.sh && strip build/securityhub-mock

FROM debian:bookworm-slim
COPY scripts/setup.sh /opt/securityhub-mock/scripts/setup.sh
COPY scripts/healthcheck.sh /usr/local/bin/healthcheck.sh
RUN /opt/securityhub-mock/scripts/setup.sh --runtime && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --user-group --home-dir /data --create-home shmock
COPY --from=build /src/build/securityhub-mock /usr/local/bin/securityhub-mock
# Inside a container the server must listen on all interfaces to be reachable; outside one it
# binds 127.0.0.1 by default. State lives in memory unless SHMOCK_DB names a file: mount a
# volume at /data (owned by the non-root user shmock) and set SHMOCK_DB=/data/state.db.
# Fixtures are read from wherever SHMOCK_FIXTURES points, e.g. a read-only mount at /fixtures.
ENV SHMOCK_HOST=0.0.0.0 SHMOCK_PORT=9777
VOLUME /data
EXPOSE 9777
HEALTHCHECK --interval=5s --timeout=3s --start-period=2s --retries=3 CMD ["healthcheck.sh"]
USER shmock
WORKDIR /data
ENTRYPOINT ["securityhub-mock"]
