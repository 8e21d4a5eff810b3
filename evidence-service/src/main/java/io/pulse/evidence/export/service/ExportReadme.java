package io.pulse.evidence.export.service;

import io.pulse.evidence.export.repository.ExportTable;

/** The README written into every export archive: what each file holds and how it is shaped. */
final class ExportReadme {

    private ExportReadme() {}

    static String text() {
        StringBuilder files = new StringBuilder();
        for (ExportTable table : ExportTable.ALL) {
            files.append("- `data/")
                    .append(table.file())
                    .append("`: the `")
                    .append(table.table())
                    .append("` table")
                    .append(table.omitted().isEmpty() ? "" : ", without " + String.join(", ", table.omitted()))
                    .append('\n');
        }
        return """
                # Your PerformancePulse data

                Everything PerformancePulse holds for your account at the time of this download.

                ## Format

                - Each `data/*.jsonl` file is JSON Lines: one JSON object per line, one line per row, with the
                  columns of the table as keys (snake_case) and their values as stored (timestamps in ISO-8601 UTC,
                  ids as UUID strings). Rows are ordered by id.
                - `attachments/<evidence id>/<attachment id>-<file name>` are your uploaded files, byte for byte;
                  `data/attachments.jsonl` lists them with their type, size and SHA-256.
                - Left out on purpose: embedding vectors (derived, and meaningless outside the model that made them),
                  the full-text search column, and your source connections' tokens (secrets). Your identity
                  provider's issuer and subject are left out of the profile.

                ## Files

                """ + files + """

                Shares are the ones you made; what others share with you is theirs and is not in your export.
                """;
    }
}
