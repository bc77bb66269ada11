import type { ReactNode, TableHTMLAttributes } from 'react';

/** A column heading; a numeric column (`num`) is right-aligned. */
export type Column = string | { label: string; num: true };

/**
 * A data table in its own scrolling box (a wide table never makes the page scroll sideways): the
 * caption, if any, the column headings, then the rows given as children. Other attributes go to the
 * <table>.
 */
export function Table({
  columns,
  caption,
  captionHidden = false,
  wrapClassName,
  children,
  ...table
}: TableHTMLAttributes<HTMLTableElement> & {
  columns: readonly Column[];
  caption?: string;
  /** The caption names the table for screen readers only. */
  captionHidden?: boolean;
  /** Extra class of the scrolling box. */
  wrapClassName?: string;
  children: ReactNode;
}) {
  return (
    <div className={wrapClassName ? `table-wrap ${wrapClassName}` : 'table-wrap'}>
      <table {...table}>
        {caption && <caption className={captionHidden ? 'visually-hidden' : undefined}>{caption}</caption>}
        <thead>
          <tr>
            {columns.map((c) =>
              typeof c === 'string' ? (
                <th key={c} scope="col">
                  {c}
                </th>
              ) : (
                <th key={c.label} scope="col" className="num">
                  {c.label}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
