import { Box, Table, Text } from "@mantine/core";
import { useState } from "react";
import { useImportJobRejectionsQuery } from "../../../generated/graphql";
import { CursorPager } from "../../../shared/components/CursorPager";
import { ErrorState } from "../../../shared/components/ErrorState";
import { DEFAULT_PAGE_SIZE, useCursorPaging, type PageSize } from "../../../shared/hooks/use-cursor-paging";

interface ImportRejectionsTableProps {
  jobId: string;
}

/** The rows a finished import refused, by line, a page at a time. */
export function ImportRejectionsTable({ jobId }: ImportRejectionsTableProps) {
  const [pageSize, setPageSize] = useState<PageSize>(DEFAULT_PAGE_SIZE);
  const paging = useCursorPaging(String(pageSize));
  const { data, previousData, loading, error, refetch } = useImportJobRejectionsQuery({
    variables: { id: jobId, first: pageSize, after: paging.after },
  });
  const rejections = (data ?? previousData)?.importJob?.rejections;

  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />;
  return (
    <Box>
      <Table withTableBorder striped data-testid="import-rejections">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={80}>Line</Table.Th>
            <Table.Th>Reason</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rejections?.nodes.map(({ line, reason }) => (
            <Table.Tr key={line} data-testid="import-rejection">
              <Table.Td>{line}</Table.Td>
              <Table.Td>{reason}</Table.Td>
            </Table.Tr>
          ))}
          {rejections?.nodes.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={2}>
                <Text size="sm" c="dimmed" ta="center">
                  No rows were rejected.
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
      <CursorPager
        paging={paging}
        pageSize={pageSize}
        onPageSizeChange={setPageSize}
        rowCount={rejections?.nodes.length}
        totalCount={rejections?.totalCount}
        pageInfo={rejections?.pageInfo}
        loading={loading}
      />
    </Box>
  );
}
