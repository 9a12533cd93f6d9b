import { Group, Kbd, Modal, Stack, Table, Text, Title } from "@mantine/core";
import { Fragment } from "react";
import { keyCaps, SHORTCUT_SCOPES, SHORTCUTS, type Shortcut } from "../../../shared/lib/shortcuts";

interface ShortcutsSheetProps {
  opened: boolean;
  onClose: () => void;
}

const BY_SCOPE = SHORTCUT_SCOPES.map((scope) => ({
  scope,
  shortcuts: Object.values<Shortcut>(SHORTCUTS).filter((shortcut) => shortcut.scope === scope),
}));

/** The `?` sheet: every shortcut, read off the one list the handlers use. */
export function ShortcutsSheet({ opened, onClose }: ShortcutsSheetProps) {
  return (
    <Modal opened={opened} onClose={onClose} title="Keyboard shortcuts" size="lg" data-testid="shortcuts-sheet">
      <Stack>
        {BY_SCOPE.map(({ scope, shortcuts }) => (
          <section key={scope} aria-labelledby={`shortcuts-${scope}`}>
            <Title order={4} id={`shortcuts-${scope}`} mb="xs">
              {scope}
            </Title>
            <Table withRowBorders={false} verticalSpacing={4}>
              <Table.Tbody>
                {shortcuts.map((shortcut) => (
                  <Table.Tr key={shortcut.description}>
                    <Table.Td w={170}>
                      <Group gap={6} wrap="nowrap">
                        {shortcut.keys.map((key, index) => (
                          <Fragment key={key}>
                            {index > 0 && (
                              <Text span size="xs" c="dimmed">
                                or
                              </Text>
                            )}
                            <KeyCombination keyName={key} />
                          </Fragment>
                        ))}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{shortcut.description}</Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </section>
        ))}
      </Stack>
    </Modal>
  );
}

function KeyCombination({ keyName }: { keyName: string }) {
  const caps = keyCaps(keyName);
  // Read as one key by a screen reader ("Ctrl+K"), drawn as separate caps.
  return (
    <Group gap={2} wrap="nowrap" aria-label={caps.join("+")} role="group">
      {caps.map((cap) => (
        <Kbd key={cap} size="sm" aria-hidden>
          {cap}
        </Kbd>
      ))}
    </Group>
  );
}
