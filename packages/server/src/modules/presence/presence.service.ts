/**
 * Agents' presence from business hours: ONLINE inside their schedule (their own, or the
 * default), AWAY outside it. Computed at read time from the request's clock, never stored.
 */
import { In, IsNull, type DataSource } from "typeorm";
import { badInput } from "../../common/errors";
import { querySql, readNumber } from "../../database/sql";
import { OPEN_TICKET_STATUSES } from "../communications/communication.enums";
import { effectiveState, effectiveStateSql } from "../users/user-state";
import { User } from "../users/user.entity";
import { UserKind, UserState } from "../users/user.enums";
import { BusinessHours, type OpeningInterval } from "./business-hours.entity";
import { Presence, type BusinessHoursInput, type BusinessHoursSchedule } from "./presence.types";

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/** The weekday and "HH:MM" of `now` in a time zone. */
function localTime(now: Date, timezone: string): { day: number; time: string } {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: timezone,
    weekday: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(now);
  const part = (type: string) => parts.find((item) => item.type === type)?.value ?? "";
  return { day: WEEKDAYS.indexOf(part("weekday")), time: `${part("hour")}:${part("minute")}` };
}

export function isOpen(hours: { timezone: string; intervals: readonly OpeningInterval[] }, now: Date): boolean {
  const { day, time } = localTime(now, hours.timezone);
  return hours.intervals.some((interval) => interval.day === day && interval.start <= time && time < interval.end);
}

const toSchedule = (row: BusinessHours, own: boolean): BusinessHoursSchedule => ({
  timezone: row.timezone,
  intervals: JSON.parse(row.intervals) as OpeningInterval[],
  own,
});

export class PresenceService {
  constructor(private readonly dataSource: DataSource) {}

  /** Each agent's effective schedule: their own, or the default one. */
  async schedulesOf(agentIds: readonly number[]): Promise<BusinessHoursSchedule[]> {
    const rows = await this.dataSource
      .getRepository(BusinessHours)
      .find({ where: [{ agentId: IsNull() }, { agentId: In([...agentIds]) }] });
    const fallback = rows.find((row) => row.agentId === null);
    if (!fallback) throw new Error("The default business hours are missing (see the account-lifecycle migration).");
    return agentIds.map((id) => {
      const own = rows.find((row) => row.agentId === id);
      return toSchedule(own ?? fallback, Boolean(own));
    });
  }

  async defaultSchedule(): Promise<BusinessHoursSchedule> {
    const row = await this.dataSource.getRepository(BusinessHours).findOneByOrFail({ agentId: IsNull() });
    return toSchedule(row, true);
  }

  /** An agent who is not ACTIVE now (banned, trashed, not yet activated) is AWAY whatever the hours. */
  async presenceOf(agents: readonly User[], now: Date): Promise<(Presence | null)[]> {
    const schedules = await this.schedulesOf(agents.map((agent) => agent.id));
    return agents.map((agent, index) => {
      if (agent.kind !== UserKind.AGENT) return null;
      return effectiveState(agent, now) === UserState.ACTIVE && isOpen(schedules[index], now) ? Presence.ONLINE : Presence.AWAY;
    });
  }

  /** Online active agents, fewest open tickets first: who should get the next one. */
  async availableAgents(now: Date, first: number): Promise<User[]> {
    const agents = await this.dataSource
      .getRepository(User)
      .createQueryBuilder("u")
      .where("u.kind = :agent", { agent: UserKind.AGENT })
      .andWhere(effectiveStateSql("u", UserState.ACTIVE), { now })
      .getMany();
    if (agents.length === 0) return [];
    const presence = await this.presenceOf(agents, now);
    const online = agents.filter((_agent, index) => presence[index] === Presence.ONLINE);
    if (online.length === 0) return [];
    const rows = await querySql<{ agentId: number; open: unknown }>(
      this.dataSource,
      `SELECT c.agentId AS agentId, COUNT(*) AS open FROM communications c JOIN users owner ON owner.id = c.userId AND owner.state <> 'TRASHED'
       WHERE c.agentId IN (:...ids) AND c.kind = 'TICKET' AND c.status IN (:...open) GROUP BY c.agentId`,
      { ids: online.map((agent) => agent.id), open: [...OPEN_TICKET_STATUSES] },
    );
    const openTickets = new Map(rows.map((row) => [Number(row.agentId), readNumber(row.open)]));
    const load = (agent: User) => openTickets.get(agent.id) ?? 0;
    return online.sort((a, b) => load(a) - load(b) || a.id - b.id).slice(0, first);
  }

  /** Replaces the default schedule (no agent) or an agent's own. */
  async setSchedule(agentId: number | null, input: BusinessHoursInput, now: Date): Promise<BusinessHoursSchedule> {
    for (const interval of input.intervals) {
      if (interval.start >= interval.end)
        throw badInput("intervals", `intervals: ${interval.start}–${interval.end} ends before it starts.`);
    }
    const repository = this.dataSource.getRepository(BusinessHours);
    if (agentId !== null) {
      const agent = await this.dataSource.getRepository(User).findOneBy({ id: agentId });
      if (agent?.kind !== UserKind.AGENT) throw badInput("agentId", `agentId: ${agentId} is not an agent.`);
    }
    const intervals = JSON.stringify(input.intervals.map(({ day, start, end }) => ({ day, start, end })));
    const existing = await repository.findOneBy({ agentId: agentId ?? IsNull() });
    if (existing) await repository.update({ id: existing.id }, { timezone: input.timezone, intervals, updatedAt: now });
    else await repository.insert({ agentId, timezone: input.timezone, intervals, updatedAt: now });
    return { timezone: input.timezone, intervals: JSON.parse(intervals) as OpeningInterval[], own: true };
  }

  /** The agent follows the default schedule again. */
  async resetSchedule(agentId: number): Promise<void> {
    await this.dataSource.getRepository(BusinessHours).delete({ agentId });
  }
}
