package io.meshctl.core.route;

import java.util.List;

/**
 * What {@code route set-weight} did or would do, for people (a table) and scripts (JSON/YAML).
 * {@code subsetsWithoutPods} are weighted subsets whose labels select no pod: traffic to them fails
 * with 503 until pods exist.
 */
public record RouteChange(String virtualService, String namespace, String route, String host,
    String destinationRule, boolean created, boolean changed, boolean written, List<SubsetChange> subsets,
    List<String> subsetsWithoutPods) {
}
