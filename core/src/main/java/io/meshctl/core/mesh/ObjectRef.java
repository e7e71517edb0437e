package io.meshctl.core.mesh;

import io.meshctl.core.MeshctlException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * An object named on the command line as kubectl and istioctl users write it: {@code NAME},
 * {@code NAME.NAMESPACE} (istioctl's {@code <pod>[.<namespace>]}: the last dot splits), {@code TYPE/NAME}
 * and {@code TYPE/NAME.NAMESPACE} with kubectl's type names ({@code pod}, {@code pods}, {@code po},
 * {@code deploy}, {@code deployment.apps}, ...). The one place these forms are parsed; pure.
 *
 * @param namespace as the argument gave it, or null: the caller's {@code -n} (or the context's) applies
 */
public record ObjectRef(Kind kind, String name, String namespace) {

  /** The kinds an argument can name, with kubectl's spellings (singular, plural, short name, group). */
  public enum Kind {
    POD("Pod", "", "pod", "pods", "po"),
    DEPLOYMENT("Deployment", "apps", "deployment", "deployments", "deploy"),
    STATEFULSET("StatefulSet", "apps", "statefulset", "statefulsets", "sts"),
    DAEMONSET("DaemonSet", "apps", "daemonset", "daemonsets", "ds"),
    REPLICASET("ReplicaSet", "apps", "replicaset", "replicasets", "rs"),
    JOB("Job", "batch", "job", "jobs"),
    /** Its pods are those of the Jobs it created. */
    CRONJOB("CronJob", "batch", "cronjob", "cronjobs", "cj"),
    REPLICATION_CONTROLLER("ReplicationController", "", "replicationcontroller", "replicationcontrollers", "rc"),
    VIRTUAL_SERVICE("VirtualService", "networking.istio.io", "virtualservice", "virtualservices", "vs"),
    /** A destination host ({@link #host}); never written as TYPE/. */
    HOST("Host", null);

    /** The pod and the workloads whose pods it can stand for: what {@code kubectl logs} takes. */
    public static final Set<Kind> POD_OR_WORKLOAD = Set.of(POD, DEPLOYMENT, STATEFULSET, DAEMONSET, REPLICASET, JOB,
        CRONJOB, REPLICATION_CONTROLLER);

    /** The Kubernetes kind, {@code Deployment}. */
    public final String kind;
    /** The API group, {@code apps}; empty for the core group. */
    public final String group;
    private final List<String> names;

    Kind(String kind, String group, String... names) {
      this.kind = kind;
      this.group = group;
      this.names = List.of(names);
    }

    /** kubectl's singular name, {@code deployment}: how messages name it. */
    public String singular() {
      return names.isEmpty() ? "host" : names.get(0);
    }

    /** Whether it runs pods (a workload, not a pod itself). */
    public boolean workload() {
      return POD_OR_WORKLOAD.contains(this) && this != POD;
    }

    /** The kind of {@code accepted} that {@code type} spells, if any. */
    public static java.util.Optional<Kind> spelled(String type, Set<Kind> accepted) {
      return java.util.Arrays.stream(values()).filter(k -> accepted.contains(k) && k.spelledAs(type)).findFirst();
    }

    /** {@code deployment}, {@code deployments}, {@code deploy}, and {@code deployment.apps} (kubectl's TYPE.GROUP). */
    boolean spelledAs(String type) {
      String t = type.toLowerCase(Locale.ROOT);
      int dot = t.indexOf('.');
      String base = dot < 0 ? t : t.substring(0, dot);
      return names.contains(base) && (dot < 0 || t.substring(dot + 1).equals(group));
    }
  }

  /**
   * {@code [TYPE/]NAME[.NAMESPACE]}: a bare name is a {@code bare}; a TYPE outside {@code accepted}
   * is a usage error (64) that lists the types accepted.
   */
  public static ObjectRef parse(String arg, Kind bare, Set<Kind> accepted) {
    String nameNs = arg;
    Kind kind = bare;
    int slash = arg.indexOf('/');
    if (slash >= 0) {
      String type = arg.substring(0, slash);
      nameNs = arg.substring(slash + 1);
      kind = Kind.spelled(type, accepted).orElse(null);
      if (kind == null) {
        throw new MeshctlException.Usage("unknown resource type \"" + type + "\" in " + arg + ": give "
            + spellings(bare, accepted));
      }
    }
    if (nameNs.isEmpty() || nameNs.contains("/") || nameNs.startsWith(".") || nameNs.endsWith(".")) {
      throw new MeshctlException.Usage("\"" + arg + "\" is not " + spellings(bare, accepted));
    }
    int dot = nameNs.lastIndexOf('.');
    return dot < 0 ? new ObjectRef(kind, nameNs, null)
        : new ObjectRef(kind, nameNs.substring(0, dot), nameNs.substring(dot + 1));
  }

  /**
   * {@code route}'s argument: {@code vs/NAME[.NAMESPACE]} names a VirtualService; anything else is a
   * destination host. A host with exactly one dot is {@code HOST.NAMESPACE}, the short name resolved
   * in that namespace as istioctl resolves {@code <service>.<namespace>}; with no dot the namespace is
   * {@code -n}'s; with more dots it is a full host name, kept as written (an FQDN
   * {@code reviews.prod.svc.cluster.local}, or an external host such as {@code blog.example.com}).
   */
  public static ObjectRef host(String arg) {
    if (arg.contains("/")) {
      return parse(arg, Kind.HOST, Set.of(Kind.VIRTUAL_SERVICE));
    }
    if (arg.isEmpty() || arg.startsWith(".") || arg.endsWith(".")) {
      throw new MeshctlException.Usage("\"" + arg + "\" is not " + spellings(Kind.HOST, Set.of(Kind.VIRTUAL_SERVICE)));
    }
    String[] labels = arg.split("\\.", -1);
    return labels.length == 2 ? new ObjectRef(Kind.HOST, labels[0], labels[1]) : new ObjectRef(Kind.HOST, arg, null);
  }

  /** The namespace to look in: the argument's, else {@code fallback} ({@code -n}, the context's, default). */
  public String namespaceOr(String fallback) {
    return namespace != null ? namespace : fallback;
  }

  /** kubectl's words: {@code deployment "x"}. */
  public String describe() {
    return kind.singular() + " \"" + name + "\"";
  }

  /** {@code pod "x" not found in namespace "ns"} (kubectl's wording), exit 66; {@code hint} (may be null) follows. */
  public MeshctlException.NotFound notFound(String ns, String hint) {
    return new MeshctlException.NotFound(describe() + " not found in namespace \"" + ns + "\""
        + (hint == null ? "" : ": " + hint));
  }

  /** The usage of an argument: {@code POD[.NAMESPACE], or TYPE/NAME[.NAMESPACE] with TYPE one of pod, deploy, ...}. */
  private static String spellings(Kind bare, Set<Kind> accepted) {
    List<String> types = new ArrayList<>();
    for (Kind k : Kind.values()) {
      if (accepted.contains(k)) {
        types.add(String.join("|", k.names));
      }
    }
    String bareForm = bare == null ? "" : bare.singular().toUpperCase(Locale.ROOT) + "[.NAMESPACE], or ";
    return bareForm + "TYPE/NAME[.NAMESPACE] with TYPE one of " + String.join(", ", types);
  }
}
