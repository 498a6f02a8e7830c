/** The Report port value: a document model that renders to self-contained HTML and to PDF. */
export interface ReportDocument {
  readonly title: string;
  readonly sections: readonly { readonly id: string; readonly title: string; readonly blocks: readonly unknown[] }[];
}
