package io.meshctl.core.route;

import java.util.List;

/** The current split of one route, for {@code route show}. */
public record RouteSplit(String virtualService, String namespace, String route, String name, String match,
    List<Share> destinations) {
}
