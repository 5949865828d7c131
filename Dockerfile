# securityhub-mock as a service container (e.g. a CI service).
#   docker build -t securityhub-mock .
#   docker run -p 9777:9777 securityhub-mock
# The build stage runs the same scripts/setup.sh as the README's commands.
FROM debian:bookworm-slim AS build
WORKDIR /src
COPY . .
RUN rm -rf build && scripts/setup.sh && strip build/securityhub-mock

FROM debian:bookworm-slim
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      libcpp-httplib0.11 libsqlite3-0 curl ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/build/securityhub-mock /usr/local/bin/securityhub-mock
# Inside a container the server must listen on all interfaces to be reachable; outside one it
# binds 127.0.0.1 by default. State lives in memory unless SHMOCK_DB names a file (use a volume).
ENV SHMOCK_HOST=0.0.0.0 SHMOCK_PORT=9777
EXPOSE 9777
HEALTHCHECK --interval=5s --timeout=2s --start-period=2s --retries=3 \
  CMD curl -fsS http://127.0.0.1:9777/_mock/health || exit 1
USER nobody
ENTRYPOINT ["securityhub-mock"]
