import { Button, Group, Select, Text } from "@mantine/core";
import { useId } from "react";
import { IconChevronLeft, IconChevronRight } from "@tabler/icons-react";
import { PAGE_SIZES, isPageSize, type CursorPaging, type PageSize } from "../hooks/use-cursor-paging";
import { formatCount } from "../lib/format";

interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

interface CursorPagerProps {
  paging: CursorPaging;
  pageSize: PageSize;
  onPageSizeChange: (pageSize: PageSize) => void;
  /** Rows on the page shown now; undefined while the first page loads. */
  rowCount: number | undefined;
  totalCount: number | undefined;
  pageInfo: PageInfo | undefined;
  loading: boolean;
}

const PAGE_SIZE_OPTIONS = PAGE_SIZES.map((size) => ({ value: String(size), label: String(size) }));

/** "1–25 of 312", Previous / Next and the page size, under any cursor-paged table. */
export function CursorPager({ paging, pageSize, onPageSizeChange, rowCount, totalCount, pageInfo, loading }: CursorPagerProps) {
  const pageSizeId = useId();
  const first = paging.pageIndex * pageSize + 1;
  const last = first + (rowCount ?? 0) - 1;
  const endCursor = pageInfo?.hasNextPage ? pageInfo.endCursor : null;

  return (
    <Group justify="space-between" mt="sm" wrap="wrap">
      {/* Reserve the line while loading so the pager does not jump. */}
      <Text size="sm" c="dimmed" data-testid="total-count" mih={22}>
        {totalCount === undefined
          ? "\u00a0"
          : totalCount === 0 || !rowCount
            ? `0 of ${formatCount(totalCount)}`
            : `${formatCount(first)}–${formatCount(last)} of ${formatCount(totalCount)}`}
      </Text>
      <Group gap="xs">
        <Text component="label" htmlFor={pageSizeId} size="sm" c="dimmed">
          Rows per page
        </Text>
        <Select
          id={pageSizeId}
          size="xs"
          w={76}
          data={PAGE_SIZE_OPTIONS}
          value={String(pageSize)}
          allowDeselect={false}
          onChange={(value) => {
            const size = Number(value);
            if (isPageSize(size)) onPageSizeChange(size);
          }}
        />
        <Button
          size="xs"
          variant="default"
          leftSection={<IconChevronLeft size={14} />}
          disabled={paging.pageIndex === 0 || loading}
          onClick={paging.previous}
        >
          Previous
        </Button>
        <Button
          size="xs"
          variant="default"
          rightSection={<IconChevronRight size={14} />}
          disabled={!endCursor || loading}
          onClick={() => endCursor && paging.next(endCursor)}
        >
          Next
        </Button>
      </Group>
    </Group>
  );
}
