import { useDisclosure, useWindowEvent } from "@mantine/hooks";
import { isPageKey } from "../../../shared/lib/page-keys";
import { matchesShortcut } from "../../../shared/lib/shortcuts";
import type { NavigationItem } from "../lib/palette-commands";
import { CommandPalette } from "./CommandPalette";
import { ShortcutsSheet } from "./ShortcutsSheet";

interface KeyboardCommandsProps {
  /** The pages the agent may see, as the navigation shows them. */
  navigation: readonly NavigationItem[];
}

/** The keys that work on every signed-in page: Ctrl+K (the palette) and `?` (the shortcuts sheet). */
export function KeyboardCommands({ navigation }: KeyboardCommandsProps) {
  const [sheetOpened, sheet] = useDisclosure();

  useWindowEvent("keydown", (event) => {
    // "?" is a character to type in a field; elsewhere it asks for help.
    if (!matchesShortcut(event, "help") || !isPageKey(event)) return;
    event.preventDefault();
    sheet.open();
  });

  return (
    <>
      <CommandPalette navigation={navigation} onShowShortcuts={sheet.open} />
      <ShortcutsSheet opened={sheetOpened} onClose={sheet.close} />
    </>
  );
}
