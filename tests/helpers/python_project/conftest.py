# The harness's only hook into this sample project (tests/helpers/python_helpers_test.py):
# with SAMPLE_RECORD_DIR set, each worker writes down the server it got, so the harness can
# check one server per xdist worker and that every one is gone once pytest has exited.
import json
import os

import pytest


@pytest.fixture(autouse=True, scope="session")
def _record_server(securityhub_mock_server):
    record_dir = os.environ.get("SAMPLE_RECORD_DIR")
    if record_dir:
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        with open(os.path.join(record_dir, worker + ".json"), "w") as f:
            json.dump({"pid": securityhub_mock_server.pid,
                       "endpoint": securityhub_mock_server.endpoint_url}, f)
