/**
 * Segments: checking query text, saving named queries, and counting their members. The text
 * is checked by @roster/segments (the same package the SPA's editor uses, so both report the
 * same problems) and compiled by segment-sql.ts into the conditions the users module filters by.
 */
import { printSegment, segmentFields, validateSegment, type Expr, type SegmentError } from "@roster/segments";
import { Brackets, type DataSource } from "typeorm";
import { DomainError, ErrorCode } from "../../common/errors";
import { dialectOf } from "../../database/data-source";
import { querySql, readNumber, type SqlCondition } from "../../database/sql";
import type { Viewer } from "../auth/viewer";
import { assertMayChange, assertMayHold, maySee, ownerIdOf } from "./segment-access";
import { Segment } from "./segment.entity";
import type { SegmentColumns } from "./segment-columns";
import { compileSegment } from "./segment-sql";
import type { CreateSegmentInput, UpdateSegmentInput } from "./dto/segment.inputs";
import type { SegmentField, SegmentProblem, SegmentValidation } from "./segment.types";

function problems(errors: readonly SegmentError[]): SegmentProblem[] {
  return errors.map((error) => ({
    ...error,
    suggestion: error.suggestion ?? null,
    expected: error.expected ?? [],
    severity: error.severity ?? "error",
  }));
}

/** Segment queries as a filter on people: every condition must hold. */
export interface SegmentFilter {
  /** On the users table aliased `u`, each with its own parameter names. */
  conditions: SqlCondition[];
  /** The queries as one canonical text (null for none), for a caller that stores it and filters by it later. */
  canonical: string | null;
}

export class SegmentService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly columns: SegmentColumns,
  ) {}

  validate(text: string): SegmentValidation {
    const { ast, errors, hints } = validateSegment(text);
    return {
      valid: errors.length === 0,
      errors: problems(errors),
      hints: problems(hints),
      canonical: ast && errors.length === 0 ? printSegment(ast) : null,
    };
  }

  /** The checked AST of `text` (hints do not stop it), or BAD_USER_INPUT with every problem located in `extensions.segmentErrors`. */
  private parse(text: string, argument: string): Expr {
    const { ast, errors } = validateSegment(text);
    if (!ast || errors.length > 0) {
      const first = errors[0];
      const where = first ? ` (line ${first.line}, column ${first.column})` : "";
      throw new DomainError(ErrorCode.BadUserInput, `${argument}: ${first?.message ?? "not a valid segment"}${where}`, {
        argument,
        segmentErrors: problems(errors),
      });
    }
    return ast;
  }

  fields(): SegmentField[] {
    return segmentFields.map((field) => ({
      name: field.name,
      type: field.type,
      operators: [...field.operators],
      values: [...(field.values ?? [])],
      description: field.description,
      nullable: field.nullable,
      many: field.many ?? false,
    }));
  }

  /** The filter `users(segment:, segmentId:)` asks for: both together mean both at once. */
  async filterFor(text: string | null | undefined, segmentId: number | null, viewer: Viewer, now: Date): Promise<SegmentFilter> {
    const queries: Expr[] = [];
    if (text !== null && text !== undefined) queries.push(this.parse(text, "segment"));
    if (segmentId !== null) {
      const segment = await this.findVisible(segmentId, viewer);
      if (!segment) throw new DomainError(ErrorCode.NotFound, `segmentId: there is no segment ${segmentId} you can see.`);
      queries.push(this.parse(segment.query, "segmentId"));
    }
    return this.filterOf(queries, now);
  }

  /** The filter for one query text, such as the canonical text a bulk job stored to run again batch by batch. */
  filterForText(text: string, now: Date): SegmentFilter {
    return this.filterOf([this.parse(text, "segment")], now);
  }

  /** Shared segments and the viewer's own, by name. */
  async visibleTo(viewer: Viewer): Promise<Segment[]> {
    const ownerId = ownerIdOf(viewer);
    return this.dataSource
      .getRepository(Segment)
      .createQueryBuilder("s")
      .where(
        new Brackets((where) => {
          where.where("s.shared = :shared", { shared: true });
          if (ownerId !== null) where.orWhere("s.ownerId = :ownerId", { ownerId });
        }),
      )
      .orderBy("s.name", "ASC")
      .addOrderBy("s.id", "ASC")
      .getMany();
  }

  async findVisible(id: number, viewer: Viewer): Promise<Segment | null> {
    const segment = await this.dataSource.getRepository(Segment).findOneBy({ id });
    return segment && maySee(viewer, segment) ? segment : null;
  }

  async create(viewer: Viewer, input: CreateSegmentInput, now: Date): Promise<Segment> {
    assertMayHold(viewer, input.shared);
    const query = printSegment(this.parse(input.query, "query"));
    const repository = this.dataSource.getRepository(Segment);
    return this.dataSource.transaction((manager) =>
      manager.save(
        repository.create({
          name: input.name.trim(),
          query,
          shared: input.shared,
          ownerId: ownerIdOf(viewer),
          createdAt: now,
          updatedAt: now,
        }),
      ),
    );
  }

  /** Refused with CONFLICT when `version` is not the stored one: two editors never merge silently. */
  async update(viewer: Viewer, id: number, input: UpdateSegmentInput, now: Date): Promise<Segment> {
    const segment = await this.visibleOrNotFound(id, viewer);
    assertMayChange(viewer, segment);
    const changes: Partial<Segment> = {};
    if (input.name !== undefined && input.name !== null) changes.name = input.name.trim();
    if (input.query !== undefined && input.query !== null) changes.query = printSegment(this.parse(input.query, "query"));
    if (input.shared !== undefined && input.shared !== null && input.shared !== segment.shared) {
      assertMayHold(viewer, input.shared);
      changes.shared = input.shared;
      // A segment made private belongs to whoever made it so.
      if (!input.shared) changes.ownerId = ownerIdOf(viewer);
    }
    const result = await this.dataSource
      .getRepository(Segment)
      .update({ id, version: input.version }, { ...changes, version: input.version + 1, updatedAt: now });
    if (!result.affected) {
      throw new DomainError(
        ErrorCode.Conflict,
        `The segment "${segment.name}" was changed by someone else meanwhile (now version ${segment.version}). Reload and make your change again.`,
        { currentVersion: segment.version },
      );
    }
    return Object.assign(segment, changes, { version: input.version + 1, updatedAt: now });
  }

  async delete(viewer: Viewer, id: number): Promise<boolean> {
    const segment = await this.visibleOrNotFound(id, viewer);
    assertMayChange(viewer, segment);
    await this.dataSource.getRepository(Segment).delete({ id });
    return true;
  }

  /** Members of each segment now, in one statement for the whole batch. */
  async counts(segments: readonly Segment[], now: Date): Promise<number[]> {
    const parameters: Record<string, unknown> = {};
    const selects = segments.map((segment, index) => {
      const compiled = this.compile(this.parse(segment.query, "query"), now, `s${index}_`);
      Object.assign(parameters, compiled.parameters);
      return `SELECT ${index} AS position, COUNT(*) AS total FROM users u WHERE ${compiled.condition}`;
    });
    const rows = await querySql<{ position: unknown; total: unknown }>(this.dataSource, selects.join(" UNION ALL "), parameters);
    const totals = new Array<number>(segments.length).fill(0);
    for (const row of rows) totals[readNumber(row.position)] = readNumber(row.total);
    return totals;
  }

  private filterOf(queries: readonly Expr[], now: Date): SegmentFilter {
    return {
      conditions: queries.map((query, index) => this.compile(query, now, `seg${index}_`)),
      canonical: queries.length ? queries.map((query) => `(${printSegment(query)})`).join(" and ") : null,
    };
  }

  private compile(ast: Expr, now: Date, prefix: string): SqlCondition {
    return compileSegment(ast, this.columns, dialectOf(this.dataSource), now, prefix);
  }

  private async visibleOrNotFound(id: number, viewer: Viewer): Promise<Segment> {
    const segment = await this.findVisible(id, viewer);
    if (!segment) throw new DomainError(ErrorCode.NotFound, `There is no segment ${id} you can see.`);
    return segment;
  }
}
