import { Skeleton, Stack } from "@mantine/core";

/**
 * What a page loaded on demand shows while its code arrives: a title and a body the size of a
 * page, so the frame around it does not jump when the page replaces it.
 */
export function PageSkeleton() {
  return (
    <Stack role="status" aria-busy="true" aria-label="Loading the page" data-testid="page-skeleton">
      <Skeleton height={36} width="40%" radius="sm" />
      <Skeleton height="calc(100vh - 12rem)" mih={320} radius="md" />
    </Stack>
  );
}
