/** "850 bytes", "12 KB", "1.4 MB": a file's size as people say it. */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return bytes === 1 ? '1 byte' : `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** A plain name for a file's type: "PDF", "Word document"; "file" when it is something else. */
export function fileKind(contentType: string): string {
  const kinds: Record<string, string> = {
    'application/pdf': 'PDF',
    'application/msword': 'Word document',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word document',
    'application/vnd.ms-excel': 'Excel spreadsheet',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel spreadsheet',
    'image/jpeg': 'JPEG image',
    'image/png': 'PNG image',
    'text/plain': 'text file',
  };
  return kinds[contentType] ?? 'file';
}
