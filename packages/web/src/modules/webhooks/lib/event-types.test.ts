/** The names the webhook pages show for kinds of change are the `type` receivers find in each payload. */
import { EVENT_OPTIONS, eventName } from "./event-types";

test("an event's name is the payload's type: the first word, a dot, then the rest", () => {
  expect(eventName("PERSON_STATE_CHANGED")).toBe("person.state_changed");
  expect(eventName("COMMUNICATION_RECORDED")).toBe("communication.recorded");
  expect(eventName("SEGMENT_ENTERED")).toBe("segment.entered");
});

test("the picker offers each kind of change once, under its group", () => {
  const values = EVENT_OPTIONS.flatMap((group) => group.items.map((item) => item.value));
  expect(new Set(values).size).toBe(values.length);
  expect(EVENT_OPTIONS.map((group) => group.group)).toEqual(["People", "Organizations", "Communications", "Saved segment"]);
  expect(EVENT_OPTIONS[0].items[0]).toEqual({ value: "PERSON_CREATED", label: "person.created" });
});
