package io.pulse.evidence.attachment.service;

import java.util.ArrayList;
import java.util.List;

import io.pulse.common.web.ApiException;
import io.pulse.common.web.FieldChecks;
import io.pulse.common.web.Problem;
import io.pulse.evidence.attachment.api.IncomingFile;
import io.pulse.evidence.config.EvidenceConfig;

/**
 * The checks that need only the request: how many files, how large, and their names. Too many or too large is a 413;
 * an empty file or a file name that is a path is a 422. Everything is checked before anything is read or written.
 */
final class UploadChecks {

    private UploadChecks() {}

    static List<CheckedFile> check(List<IncomingFile> files, EvidenceConfig.Uploads limits) {
        if (files == null || files.isEmpty()) {
            throw ApiException.invalid(
                    "No file in the request",
                    List.of(new Problem.FieldError("files", "at least one file part named files is required")));
        }
        if (files.size() > limits.maxFiles()) {
            throw tooLarge(
                    "At most " + limits.maxFiles() + " files per request",
                    List.of(new Problem.FieldError("files", "must have at most " + limits.maxFiles() + " files")));
        }
        List<Problem.FieldError> oversized = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            if (files.get(i).size() > limits.maxFileBytes()) {
                oversized.add(new Problem.FieldError(field(i), "must be at most " + limits.maxFileBytes() + " bytes"));
            }
        }
        if (!oversized.isEmpty()) {
            throw tooLarge("A file is larger than " + limits.maxFileBytes() + " bytes", oversized);
        }
        FieldChecks checks = FieldChecks.forBody();
        List<CheckedFile> checked = new ArrayList<>(files.size());
        for (int i = 0; i < files.size(); i++) {
            IncomingFile file = files.get(i);
            if (file.size() == 0) {
                checks.error(field(i), "is empty");
            }
            if (FileNames.isPath(file.clientName())) {
                checks.error(field(i), "file name must be a plain name, not a path");
                continue;
            }
            checked.add(new CheckedFile(
                    field(i),
                    FileNames.sanitize(file.clientName(), limits.maxFileNameChars()),
                    file.path(),
                    file.size()));
        }
        checks.throwIfInvalid();
        return checked;
    }

    private static String field(int index) {
        return "files[" + index + "]";
    }

    private static ApiException tooLarge(String detail, List<Problem.FieldError> errors) {
        return new ApiException(413, "Content Too Large", detail, null, errors);
    }
}
