import { RateLimiter } from "./rate-limiter";

function limiterAt(start: number, pointsPerMinute = 60) {
  let now = start;
  const limiter = new RateLimiter(pointsPerMinute, () => now);
  return { limiter, advance: (ms: number) => (now += ms) };
}

test("a caller spends its budget, is told how long to wait, and is refilled continuously", () => {
  const { limiter, advance } = limiterAt(0);
  expect(limiter.take("a", 50)).toMatchObject({ allowed: true, remaining: 10 });
  // 20 asked, 10 left: 10 points at 60 a minute take 10 seconds.
  expect(limiter.take("a", 20)).toMatchObject({ allowed: false, remaining: 10, retryAfterSeconds: 10 });
  expect(limiter.take("b", 20)).toMatchObject({ allowed: true, remaining: 40 });
  advance(10_000);
  expect(limiter.take("a", 20)).toMatchObject({ allowed: true, remaining: 0 });
  advance(600_000);
  expect(limiter.take("a", 1)).toMatchObject({ allowed: true, remaining: 59 });
});

test("past ten thousand callers, idle ones are forgotten, at most once a minute", () => {
  const { limiter, advance } = limiterAt(0);
  for (let caller = 0; caller < 10_001; caller += 1) limiter.take(`idle-${caller}`, 30);
  advance(60_000);
  limiter.take("active", 30);
  // The idle callers were dropped: one of them starts again with a full budget.
  expect(limiter.take("idle-1", 1)).toMatchObject({ remaining: 59 });
  const buckets = (limiter as unknown as { buckets: Map<string, unknown> }).buckets;
  expect(buckets.size).toBe(2);
});
