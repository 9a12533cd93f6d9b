// The palette's own commands (pages and common actions), apart from what it finds on the server.
// A command is offered only when the agent holds its permission, as the navigation does.
import type { ComponentType } from "react";

/** A page of the navigation, as AppLayout lists it (already filtered by permission). */
export interface NavigationItem {
  to: string;
  label: string;
  icon: ComponentType<{ size?: number | string }>;
}

export interface PaletteCommand {
  id: string;
  label: string;
  /** Pages need none: the group says "Go to". */
  description?: string;
  group: "Go to" | "Actions";
  icon: ComponentType<{ size?: number | string }>;
  run: () => void;
}

/** Commands whose label or description holds every word of the query, in their listed order. */
export function matchCommands(commands: readonly PaletteCommand[], query: string): PaletteCommand[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return commands.filter((command) => {
    const text = `${command.label} ${command.description ?? ""}`.toLowerCase();
    return words.every((word) => text.includes(word));
  });
}
