package io.meshctl.core.authn;

/** What a server sidecar accepts (the 1.4 SERVER strings; PeerAuthentication adds UNSET = inherit). */
public enum Mode {
  UNSET, DISABLE, PERMISSIVE, STRICT
}
