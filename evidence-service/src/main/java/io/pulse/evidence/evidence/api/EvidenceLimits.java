package io.pulse.evidence.evidence.api;

/** The limits of evidence fields and queries, shared by validation and the OpenAPI document. */
public final class EvidenceLimits {

    public static final int MAX_TITLE = 200;
    public static final int MAX_CONTENT = 50_000;
    public static final int MAX_TAGS = 20;
    public static final int MAX_TAG = 50;
    public static final String TAG_PATTERN = "^[A-Za-z0-9][A-Za-z0-9._+#-]{0,49}$";
    public static final int MAX_CATEGORY = 50;
    public static final String CATEGORY_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$";
    public static final int MAX_URL = 2048;
    public static final int MAX_QUERY_TEXT = 200;
    public static final int MAX_TAG_FILTERS = 10;

    private EvidenceLimits() {}
}
