package io.meshctl.core.route;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The decided edit: the VirtualService as read ({@code before}, null when it is to be created) and
 * as it should be written ({@code after}), and the summary to report.
 */
public record RoutePlan(ObjectNode before, ObjectNode after, RouteChange change) {
}
