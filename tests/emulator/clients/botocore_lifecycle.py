"""The AWS Interconnect lifecycle, driven against the emulator by botocore (the AWS SDK for Python, with the
service's own model): a client this project did not write, over either wire protocol the model declares.

usage: botocore_lifecycle.py <cbor|json>
env:   INTERCONNECT_CLOUD_URL, INTERCONNECT_ADMIN_URL, AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY

The model lists both protocols and botocore picks json where it may, so each run loads the same model with only the
protocol asked for, from a data dir of its own. Prints one JSON document of what each step saw;
tests/emulator/independent-clients.test.ts checks it.
"""

import atexit
import json
import os
import shutil
import sys
import tempfile
import urllib.request

import botocore.session
from botocore.config import Config
from botocore.exceptions import ClientError, WaiterError

ATTACH_POINT = {"directConnectGateway": "5f0e5c1a-7d0e-4c6b-9a57-0c3d2b1a4e01"}
FAST_WAITS = {"Delay": 1, "MaxAttempts": 60}


PROTOCOLS = {"cbor": "smithy-rpc-v2-cbor", "json": "json"}


def model_dir(protocol):
    """A botocore data dir holding the interconnect model with `protocol` as its only protocol."""
    session = botocore.session.get_session()
    loader = session.get_component("data_loader")
    model = loader.load_service_model("interconnect", "service-2")
    model["metadata"]["protocol"] = protocol
    model["metadata"]["protocols"] = [protocol]
    root = tempfile.mkdtemp(prefix="interconnect-model-")
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    version_dir = os.path.join(root, "interconnect", model["metadata"]["apiVersion"])
    os.makedirs(version_dir)
    with open(os.path.join(version_dir, "service-2.json"), "w") as f:
        json.dump(model, f)
    for extra in ("waiters-2", "paginators-1"):
        with open(os.path.join(version_dir, f"{extra}.json"), "w") as f:
            json.dump(loader.load_service_model("interconnect", extra), f)
    return root


def make_client(protocol):
    session = botocore.session.get_session()
    session.get_component("data_loader").search_paths.insert(0, model_dir(PROTOCOLS[protocol]))
    client = session.create_client(
        "interconnect",
        region_name=os.environ["AWS_REGION"],
        endpoint_url=os.environ["INTERCONNECT_CLOUD_URL"],
        aws_access_key_id=os.environ["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=os.environ["AWS_SECRET_ACCESS_KEY"],
        config=Config(retries={"max_attempts": 1}),
    )
    return client


def admin(route, body):
    request = urllib.request.Request(
        f"{os.environ['INTERCONNECT_ADMIN_URL']}/{route}",
        data=json.dumps(body).encode(),
        headers={"content-type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read())


def error_of(call, **kwargs):
    try:
        call(**kwargs)
    except ClientError as e:
        return {"code": e.response["Error"]["Code"], "status": e.response["ResponseMetadata"]["HTTPStatusCode"]}
    return None


def lifecycle(client):
    first = client.list_environments(maxResults=1)
    seen = {"contentType": first["ResponseMetadata"]["HTTPHeaders"]["content-type"]}
    second = client.list_environments(maxResults=1, nextToken=first["nextToken"])
    seen["environments"] = [e["environmentId"] for e in first["environments"] + second["environments"]]
    seen["environment"] = client.get_environment(id="us-east-1:nyc")["environment"]["environmentId"]
    seen["attachPoints"] = [a["identifier"] for a in client.list_attach_points(environmentId="us-east-1:nyc")["attachPoints"]]

    order = dict(environmentId="us-east-1:nyc", bandwidth="10Gbps", attachPoint=ATTACH_POINT, description="boto")
    created = client.create_connection(clientToken="lifecycle-token-1", **order)["connection"]
    again = client.create_connection(clientToken="lifecycle-token-1", **order)["connection"]
    seen["created"] = {"state": created["state"], "bandwidth": created["bandwidth"], "repeat": again["id"] == created["id"]}
    seen["tokenMismatch"] = error_of(
        client.create_connection, clientToken="lifecycle-token-1", **{**order, "bandwidth": "1Gbps"}
    )
    cid = created["id"]
    seen["get"] = client.get_connection(identifier=cid)["connection"]["id"] == cid

    extra = client.create_connection(**order)["connection"]["id"]
    paginator = client.get_paginator("list_connections")
    pages = list(paginator.paginate(PaginationConfig={"PageSize": 1}))
    seen["listed"] = {"pages": len(pages), "ids": sorted(c["id"] for p in pages for c in p["connections"])}
    seen["expectedIds"] = sorted([cid, extra])

    arn = created["arn"]
    client.tag_resource(arn=arn, tags={"team": "network", "cost": "cc-42"})
    client.untag_resource(arn=arn, tagKeys=["cost"])
    seen["tags"] = client.list_tags_for_resource(arn=arn)["tags"]

    proposal = admin("portal/proposals", {"environment": "us-east-1:nyc", "bandwidthGbps": 5, "site": "nyc-hq"})
    described = client.describe_connection_proposal(activationKey=proposal["activationKey"])
    seen["proposal"] = {"bandwidth": described["bandwidth"], "environmentId": described["environmentId"]}

    key = client.get_connection(identifier=cid)["connection"]["activationKey"]
    admin("portal/activate", {"activationKey": key, "site": "nyc-hq"})
    client.get_waiter("connection_available").wait(identifier=cid, WaiterConfig=FAST_WAITS)
    seen["available"] = client.get_connection(identifier=cid)["connection"]["state"]

    resized = client.update_connection(identifier=cid, bandwidth="25Gbps")["connection"]
    client.get_waiter("connection_available").wait(identifier=cid, WaiterConfig=FAST_WAITS)
    final = client.get_connection(identifier=cid)["connection"]
    seen["resize"] = {"answer": resized["state"], "bandwidth": final["bandwidth"], "state": final["state"]}

    for connection_id in (cid, extra):
        client.delete_connection(identifier=connection_id)
        client.get_waiter("connection_deleted").wait(identifier=connection_id, WaiterConfig=FAST_WAITS)
    seen["deleted"] = client.get_connection(identifier=cid)["connection"]["state"]

    seen["errors"] = {
        "notFound": error_of(client.get_connection, identifier="lmcc-nosuch00"),
        "validation": error_of(client.create_connection, environmentId="us-east-1:nyc", bandwidth="3Gbps", attachPoint=ATTACH_POINT),
        "unknownEnvironment": error_of(client.get_environment, id="nowhere:xyz"),
    }
    return seen


if __name__ == "__main__":
    try:
        print(json.dumps(lifecycle(make_client(sys.argv[1]))))
    except (ClientError, WaiterError) as e:
        print(json.dumps({"failed": str(e)}))
        sys.exit(1)
