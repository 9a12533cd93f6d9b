import { TransactionGate } from "./write-model";

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("TransactionGate", () => {
  test("a transaction has the gate alone: others' statements wait for it, its own go through", async () => {
    const gate = new TransactionGate();
    const events: string[] = [];
    let finish!: () => void;
    const open = new Promise<void>((resolve) => (finish = resolve));
    const transaction = gate.exclusive(async () => {
      events.push("begin");
      expect(gate.ownsTransaction()).toBe(true);
      await open; // e.g. a transaction waiting on real I/O
      events.push("commit");
    });
    await tick();
    const outsider = gate.statement(async () => {
      expect(gate.ownsTransaction()).toBe(false);
      events.push("outsider");
    });
    await tick();
    expect(events).toEqual(["begin"]);
    finish();
    await Promise.all([transaction, outsider]);
    expect(events).toEqual(["begin", "commit", "outsider"]);
  });

  test("transactions run one after another, in the order they asked", async () => {
    const gate = new TransactionGate();
    const events: string[] = [];
    let open = 0;
    await Promise.all(
      [1, 2, 3].map((n) =>
        gate.exclusive(async () => {
          open += 1;
          expect(open).toBe(1);
          events.push(`begin ${n}`);
          await tick();
          events.push(`end ${n}`);
          open -= 1;
        }),
      ),
    );
    expect(events).toEqual(["begin 1", "end 1", "begin 2", "end 2", "begin 3", "end 3"]);
  });

  test("a transaction waits for statements in flight, and statements after it queue behind it", async () => {
    const gate = new TransactionGate();
    const events: string[] = [];
    const slow = gate.statement(async () => {
      await tick();
      await tick();
      events.push("statement 1");
    });
    const transaction = gate.exclusive(async () => {
      events.push("transaction");
    });
    const later = gate.statement(async () => {
      events.push("statement 2");
    });
    await Promise.all([slow, transaction, later]);
    expect(events).toEqual(["statement 1", "transaction", "statement 2"]);
  });

  test("a failing transaction frees the gate", async () => {
    const gate = new TransactionGate();
    await expect(gate.exclusive(() => Promise.reject(new Error("rolled back")))).rejects.toThrow("rolled back");
    await expect(gate.exclusive(async () => "next")).resolves.toBe("next");
    expect(gate.ownsTransaction()).toBe(false);
  });
});
