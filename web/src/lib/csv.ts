// RFC 4180 CSV built in the browser (for tables whose data is already loaded), and a download of it.

function cell(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = typeof value === "object" ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return [header, ...rows].map((row) => `${row.map(cell).join(",")}\r\n`).join("");
}

/** The bits of the DOM the download uses: this module is also type-checked without the DOM library (Node tests). */
interface DownloadDocument {
  createElement(tag: "a"): { href: string; download: string; click(): void; remove(): void };
  body: { appendChild(node: unknown): unknown };
}

/** Saves text as a file through a temporary link. */
export function downloadText(filename: string, text: string, type = "text/csv;charset=utf-8"): void {
  const doc = (globalThis as unknown as { document: DownloadDocument }).document;
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = doc.createElement("a");
  link.href = url;
  link.download = filename;
  doc.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
