package io.pulse.insight;

import io.pulse.insight.insights.api.GenerationAccepted;
import io.pulse.insight.insights.api.GenerationRequestView;
import io.pulse.insight.insights.api.InsightChange;
import io.pulse.insight.insights.api.InsightFilter;
import io.pulse.insight.insights.api.InsightView;
import io.pulse.insight.search.api.SearchHit;
import io.pulse.insight.search.api.SearchQuery;
import io.pulse.insight.search.api.SearchResult;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The records Jackson reads or writes by reflection in this service, registered so that a native executable keeps
 * them: the API models, some of which only travel inside a {@code Response} (whose entity type Quarkus cannot see).
 * Records nested in them are covered by {@code registerFullHierarchy}. {@code NativeReflectionTest} checks that none
 * is missing.
 */
@RegisterForReflection(
        registerFullHierarchy = true,
        targets = {
            GenerationAccepted.class,
            GenerationRequestView.class,
            InsightChange.class,
            InsightFilter.class,
            InsightView.class,
            SearchHit.class,
            SearchQuery.class,
            SearchResult.class
        })
final class NativeReflection {

    private NativeReflection() {}
}
