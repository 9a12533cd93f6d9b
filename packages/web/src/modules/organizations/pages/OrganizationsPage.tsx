import { Anchor, Box, Group, Stack, Text, Title } from "@mantine/core";
import { DataTable } from "mantine-datatable";
import { Link, useSearchParams } from "react-router";
import { useOrganizationsQuery, type OrganizationRowFragment, type OrganizationSortField } from "../../../generated/graphql";
import { CursorPager } from "../../../shared/components/CursorPager";
import { ErrorState } from "../../../shared/components/ErrorState";
import { SearchInput } from "../../../shared/components/SearchInput";
import { DEFAULT_PAGE_SIZE, isPageSize, useCursorPaging } from "../../../shared/hooks/use-cursor-paging";
import { readChoice, useSearchParamPatch } from "../../../shared/hooks/use-search-param-patch";
import { formatCount } from "../../../shared/lib/format";
import { NewOrganizationButton } from "../components/NewOrganizationButton";

/** Table column accessor → the server's sort field. */
const SORTABLE: Record<string, OrganizationSortField> = {
  name: "NAME",
  website: "WEBSITE",
  phone: "PHONE",
  memberCount: "MEMBER_COUNT",
};
const SORT_FIELDS = Object.values(SORTABLE);

/** Every organization, searched (name, website, domains), sorted and paged (the view lives in the URL), and a new one. */
export function OrganizationsPage() {
  const [params] = useSearchParams();
  const patch = useSearchParamPatch();
  const search = params.get("q") ?? "";
  const field = readChoice(params, "sort", SORT_FIELDS, "NAME");
  const direction = params.get("dir") === "desc" ? ("DESC" as const) : ("ASC" as const);
  const size = Number(params.get("size"));
  const pageSize = isPageSize(size) ? size : DEFAULT_PAGE_SIZE;
  const paging = useCursorPaging(JSON.stringify([search, field, direction, pageSize]));
  const { data, previousData, loading, error, refetch } = useOrganizationsQuery({
    variables: { first: pageSize, after: paging.after, search: search || null, sort: { field, direction } },
  });
  const organizations = (data ?? previousData)?.organizations;

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2" tabIndex={-1}>
          Organizations
        </Title>
        <NewOrganizationButton />
      </Group>
      <SearchInput
        label="Search"
        placeholder="Name, website or domain"
        value={search}
        onSearch={(value) => patch({ q: value })}
        slashToFocus
      />
      {error ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : (
        <>
          <Box data-testid="organizations-table">
            <DataTable<OrganizationRowFragment>
              withTableBorder
              borderRadius="md"
              highlightOnHover
              striped
              minHeight={organizations?.nodes.length ? undefined : 180}
              records={organizations ? [...organizations.nodes] : []}
              fetching={loading}
              noRecordsText={search ? "No organizations match this search." : "No organizations yet."}
              sortStatus={{
                columnAccessor: Object.keys(SORTABLE).find((accessor) => SORTABLE[accessor] === field) ?? "name",
                direction: direction === "DESC" ? "desc" : "asc",
              }}
              onSortStatusChange={(status) =>
                patch({
                  sort: SORTABLE[String(status.columnAccessor)] === "NAME" ? null : SORTABLE[String(status.columnAccessor)],
                  dir: status.direction === "desc" ? "desc" : null,
                })
              }
              columns={[
                {
                  accessor: "name",
                  title: "Name",
                  sortable: true,
                  render: (organization) => (
                    <Anchor component={Link} to={`/organizations/${organization.id}`} fw={500} size="sm">
                      {organization.name}
                    </Anchor>
                  ),
                },
                {
                  accessor: "website",
                  title: "Website",
                  sortable: true,
                  render: (organization) =>
                    organization.website ? (
                      <Anchor href={organization.website} target="_blank" rel="noreferrer" size="sm">
                        {organization.website.replace(/^https?:\/\//, "")}
                      </Anchor>
                    ) : (
                      <Text c="dimmed">—</Text>
                    ),
                },
                {
                  accessor: "phone",
                  title: "Phone",
                  sortable: true,
                  render: (organization) => organization.phone ?? <Text c="dimmed">—</Text>,
                },
                {
                  accessor: "memberCount",
                  title: "Members",
                  sortable: true,
                  textAlign: "right",
                  render: (organization) => formatCount(organization.memberCount),
                },
              ]}
            />
          </Box>
          <CursorPager
            paging={paging}
            pageSize={pageSize}
            onPageSizeChange={(next) => patch({ size: next === DEFAULT_PAGE_SIZE ? null : String(next) })}
            rowCount={organizations?.nodes.length}
            totalCount={organizations?.totalCount}
            pageInfo={organizations?.pageInfo}
            loading={loading}
          />
        </>
      )}
    </Stack>
  );
}
