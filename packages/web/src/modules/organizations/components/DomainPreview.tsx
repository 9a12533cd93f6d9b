import { Group, Loader, Text } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useEffect } from "react";
import { useOrganizationDomainPreviewQuery } from "../../../generated/graphql";
import { describeError } from "../../../shared/lib/errors";
import { formatCount } from "../../../shared/lib/format";

export interface DomainPreviewResult {
  attachableCount: number;
  /** Another organization has the domain: saving it would be refused. */
  taken: boolean;
}

interface DomainPreviewProps {
  domain: string;
  /** The organization being edited (its own domains are not taken); null for a new one. */
  organizationId: string | null;
  onResult: (domain: string, result: DomainPreviewResult | null) => void;
}

/** What adding one domain would do, asked of the server as the domain is added. */
export function DomainPreview({ domain, organizationId, onResult }: DomainPreviewProps) {
  const { data, error, loading } = useOrganizationDomainPreviewQuery({
    variables: { domain, organizationId },
    fetchPolicy: "network-only",
  });
  const preview = data?.organizationDomainPreview;
  const takenBy = preview?.takenBy && preview.takenBy.id !== organizationId ? preview.takenBy : null;

  useEffect(() => {
    onResult(domain, preview ? { attachableCount: preview.attachableCount, taken: takenBy !== null } : null);
  }, [domain, preview, takenBy, onResult]);

  if (loading && !preview) {
    return (
      <Group gap="xs">
        <Loader size="xs" />
        <Text size="sm" c="dimmed">
          Looking up @{domain}…
        </Text>
      </Group>
    );
  }
  if (error) {
    return (
      <Text size="sm" c="red" data-testid="domain-preview-error">
        {describeError(error).message}
      </Text>
    );
  }
  if (!preview) return null;
  return (
    <div data-testid="domain-preview" data-domain={preview.domain}>
      <Text size="sm">
        {formatCount(preview.attachableCount)} {preview.attachableCount === 1 ? "person" : "people"} with an @{preview.domain}{" "}
        email and no organization
      </Text>
      {takenBy && (
        <Group gap={6} wrap="nowrap" data-testid="domain-taken">
          <IconAlertTriangle size={14} color="var(--mantine-color-orange-6)" />
          <Text size="sm" c="orange.8">
            @{preview.domain} belongs to {takenBy.name} already: saving it here will be refused. Remove it from {takenBy.name}{" "}
            first.
          </Text>
        </Group>
      )}
    </div>
  );
}
