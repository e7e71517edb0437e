package io.meshctl.core.route;

/** One subset's weight before and after; null where the route had (or will have) no such destination. */
public record SubsetChange(String subset, Integer before, Integer after) {
}
