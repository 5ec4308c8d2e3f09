// Lost answers of ConfirmActivationKey: the confirm was made, but its answer never reached the caller, who retries.
// A retry of the same accept (same Idempotency-Key) is answered as the first confirm was; another accept of a key
// confirmed already is still refused. Exactly one connection results, and it becomes available.
import { expect } from "chai";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import {
  createCloudConnection,
  customerClients,
  waitForCloudState,
  waitForPartnerState,
  type Clients,
} from "../support/clients";

const NYC = "us-east-1:nyc";
const CONFIRM = "ConfirmActivationKey";

interface StateDoc {
  partner: {
    connections: Record<string, { sharedConnectionUuid: string }>;
    specConnections: Record<string, { id: string }>;
  };
  cloud: {
    connections: Record<string, { sharedConnectionUuid: string }>;
    specConnections: Record<string, { id: string }>;
  };
}

describe("emulator: lost ConfirmActivationKey answers", () => {
  let em: RunningEmulator;
  let c: Clients;

  beforeEach(async () => {
    em = await startEmulator({ port: 0, provisioningDelayMs: 20 });
    c = customerClients(em);
  });
  afterEach(() => em.stop());

  const loseAnswer = (role: "cloud" | "partner", count = 1) =>
    c.admin.post("/faults", { lostAnswers: [{ role, api: "peer", operation: CONFIRM, count }] });

  /** How many records of `uuid` each table holds. */
  const recordsOf = async (uuid: string) => {
    const s = (await c.admin.get("/state")).data as StateDoc;
    const count = (table: Record<string, { id?: string; sharedConnectionUuid?: string }>) =>
      Object.values(table).filter((r) => (r.sharedConnectionUuid ?? r.id) === uuid).length;
    return {
      partnerCustomers: count(s.partner.connections),
      partnerSpec: count(s.partner.specConnections),
      cloudCustomers: count(s.cloud.connections),
      cloudSpec: count(s.cloud.specConnections),
    };
  };

  for (const clientToken of ["accept-1", undefined]) {
    it(`the partner's retried accept (${clientToken ? "same client token" : "no client token"}) completes: one connection`, async () => {
      const key = await createCloudConnection(c, NYC, 1);
      await loseAnswer("cloud");
      const body = { activationKey: key.activationKey, site: "nyc-hq", ...(clientToken ? { clientToken } : {}) };
      const first = await c.partner.post("/v1/connections", body);
      expect(first.status, JSON.stringify(first.data)).to.equal(503);
      const faults = (await c.admin.get("/faults")).data as { lostAnswers: { count: number }[] };
      expect(faults.lostAnswers[0].count, "the first answer was lost").to.equal(0);

      const retried = await c.partner.post("/v1/connections", body);
      expect(retried.status, JSON.stringify(retried.data)).to.equal(201);
      await waitForPartnerState(c, retried.data.id as string, "available");
      await waitForCloudState(c, key.id, "available");
      expect(await recordsOf(key.sharedId)).to.deep.equal({
        partnerCustomers: 1,
        partnerSpec: 1,
        cloudCustomers: 1,
        cloudSpec: 1,
      });
      const again = await c.partner.post("/v1/connections", { activationKey: key.activationKey, site: "nyc-hq" });
      expect(again.status, "a later accept is another accept").to.equal(409);
    });
  }

  it("another customer's accept of the key confirmed for the lost one is refused; the retry then wins", async () => {
    const key = await createCloudConnection(c, NYC, 1, null); // any partner account may accept it
    await loseAnswer("cloud");
    const body = { activationKey: key.activationKey, site: "nyc-hq" };
    expect((await c.partner.post("/v1/connections", body)).status).to.equal(503);

    const other = await c.partner2.post("/v1/connections", body);
    expect(other.status).to.equal(409);
    expect(other.data.error.message).to.match(/already used/);

    const retried = await c.partner.post("/v1/connections", body);
    expect(retried.status).to.equal(201);
    await waitForPartnerState(c, retried.data.id as string, "available");
    expect((await recordsOf(key.sharedId)).partnerCustomers).to.equal(1);
  });

  it("at the cloud: the same Idempotency-Key is answered again, another key or none gets 409", async () => {
    const { activationKey } = await createCloudConnection(c, NYC, 1);
    const confirm = (idempotencyKey?: string) =>
      c.asPartnerAtCloud.post(
        `/environments/${NYC}/${CONFIRM}`,
        { encodedKey: activationKey },
        { headers: idempotencyKey ? { "idempotency-key": idempotencyKey } : {} },
      );
    const first = await confirm("accept-a");
    expect([first.status, first.data]).to.deep.equal([200, { keyValid: true }]);
    const repeat = await confirm("accept-a");
    expect([repeat.status, repeat.data]).to.deep.equal([200, { keyValid: true }]);
    expect((await confirm("accept-b")).status).to.equal(409);
    expect((await confirm()).status).to.equal(409);
    const bad = await confirm("x".repeat(129));
    expect([bad.status, bad.data.error.code]).to.deep.equal([400, "INVALID_ARGUMENT"]);
  });
});
