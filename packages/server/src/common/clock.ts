/**
 * Where "now" comes from. Every request reads the clock once, so one request sees one instant;
 * tests pass their own clock to move time (ended bans, expired sessions) without waiting.
 */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
