package io.meshctl.cli;

import static io.meshctl.cli.testing.Fixtures.DEPLOYMENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.meshctl.cli.testing.CommandRun;
import io.meshctl.cli.testing.Launcher;
import io.meshctl.testkit.Examples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What reaches the user's files and standard output through the packaged launcher: a write that
 * fails is exit 73 with one line on stderr, never a silent 0; an output file is a regular file
 * replaced whole, or nothing changes and no temp file is left behind.
 */
class OutputIntegrityIT {

  private static final Path DEV_FULL = Path.of("/dev/full");

  @TempDir
  Path tmp;

  private Path input;

  @BeforeEach
  void input() throws IOException {
    input = Files.writeString(tmp.resolve("deploy.yaml"), DEPLOYMENT);
  }

  private CommandRun meshctl(String... args) {
    return Launcher.run(null, Map.of(), tmp, args);
  }

  private void assertOnlyInTmp(Path... files) throws IOException {
    try (Stream<Path> s = Files.list(tmp)) {
      assertThat(s).as("files in %s: nothing left behind", tmp).containsExactlyInAnyOrder(files);
    }
  }

  @Test
  void everyCommandWhoseStdoutIsFullExits73WithOneLine() throws IOException {
    assumeTrue(Files.exists(DEV_FULL), "/dev/full exists on Linux");
    meshctl("cert", "issue", "server", "--host", "blog.example.com", "--cert", "cert.pem", "--key", "key.pem")
        .assertOk();
    String examples = Examples.root().toString();
    // one of the two alternative wordpress-mysql rules: the directory as a whole is refused as a duplicate
    String mesh = examples + "/mesh-current/";
    List<List<String>> commands = List.of(
        List.of("inject", "-f", input.toString()),
        List.of("inject", "-f", input.toString(), "--report", "json"),
        List.of("route", "show", "wordpress", "-f", examples + "/wordpress", "-f", mesh + "wordpress-gateway.yaml"),
        List.of("authn", "tls-check", "--all", "-f", examples + "/wordpress", "-f", mesh + "wordpress-gateway.yaml",
            "-f", mesh + "mtls-peerauthentication.yaml", "-f", mesh + "destinationrule-mysql-mutual.yaml"),
        List.of("version", "--client"), List.of("version", "--client", "-o", "json"),
        List.of("cert", "inspect", tmp.resolve("cert.pem").toString()),
        List.of("--help"), List.of("inject", "--help"), List.of("--version"), List.of("completion", "bash"));
    for (List<String> args : commands) {
      CommandRun run = Launcher.runWithStdoutTo(DEV_FULL, args.toArray(String[]::new));
      assertThat(run.exitCode()).as("exit code of meshctl %s > /dev/full; stderr:%n%s", args, run.err()).isEqualTo(73);
      assertThat(run.err()).as("stderr of meshctl %s > /dev/full", args)
          .isEqualTo("error: cannot write to standard output: No space left on device\n");
    }
  }

  @Test
  void aSymbolicLinkIsWrittenThroughAndStaysALink() throws IOException {
    Path real = Files.writeString(tmp.resolve("real.yaml"), "old\n");
    Path link = Files.createSymbolicLink(tmp.resolve("link.yaml"), Path.of("real.yaml"));
    meshctl("inject", "-f", input.toString(), "--output-file", "link.yaml", "-q").assertOk();
    assertThat(Files.isSymbolicLink(link)).as("link.yaml is still a link").isTrue();
    assertThat(Files.readString(real)).contains("name: istio-proxy");
    assertOnlyInTmp(input, real, link);
  }

  @Test
  void anExistingOutputFileIsOverwrittenKeepingItsMode() throws IOException {
    Path out = Files.writeString(tmp.resolve("out.yaml"), "old\n");
    Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-r-----"));
    meshctl("inject", "-f", input.toString(), "--output-file", "out.yaml", "-q").assertOk();
    assertThat(Files.readString(out)).contains("name: istio-proxy");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-r-----");
    assertOnlyInTmp(input, out);
  }

  @Test
  void aDeviceNodeIsRefusedAndStaysADevice() throws Exception {
    // a twin of /dev/null made here (root can), so a regression cannot replace the system's own
    Path device = tmp.resolve("null");
    assumeTrue(new ProcessBuilder("mknod", device.toString(), "c", "1", "3").start().waitFor() == 0,
        "mknod needs root");
    CommandRun run = meshctl("inject", "-f", input.toString(), "--output-file", device.toString()).assertExit(73);
    assertThat(run.err()).isEqualTo("error: cannot write " + device
        + ": it is not a regular file (a device, FIFO or socket) and would be replaced: name a regular file\n");
    assertThat(run.out()).isEmpty();
    assertThat(Files.isRegularFile(device, LinkOption.NOFOLLOW_LINKS)).as("still a device").isFalse();
    assertThat(Files.exists(device)).isTrue();
    assertOnlyInTmp(input, device);
  }

  @Test
  void aFifoOrADirectoryIsRefused() throws Exception {
    Path fifo = tmp.resolve("fifo");
    assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo is available");
    CommandRun run = meshctl("inject", "-f", input.toString(), "--output-file", "fifo").assertExit(73);
    assertThat(run.err()).startsWith("error: cannot write fifo: it is not a regular file").doesNotContain("\tat ")
        .hasLineCount(1);
    assertThat(Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS)).as("still a FIFO").isFalse();
    Path dir = Files.createDirectory(tmp.resolve("dir"));
    assertThat(meshctl("inject", "-f", input.toString(), "--output-file", "dir").assertExit(73).err())
        .isEqualTo("error: cannot write dir: it is a directory: name a file in it\n");
    assertOnlyInTmp(input, fifo, dir);
  }

  @Test
  void aDanglingSymbolicLinkIsRefused() throws IOException {
    Path link = Files.createSymbolicLink(tmp.resolve("link.yaml"), Path.of("missing/out.yaml"));
    assertThat(meshctl("inject", "-f", input.toString(), "--output-file", "link.yaml").assertExit(73).err())
        .isEqualTo("error: cannot write link.yaml: it is a symbolic link to missing/out.yaml, which does not exist: "
            + "create that file first, or remove the link\n");
    assertOnlyInTmp(input, link);
  }

  @Test
  void aMissingDirectoryOrOneInProcIsExit73() throws IOException {
    assertThat(meshctl("inject", "-f", input.toString(), "--output-file", "no/such/out.yaml").assertExit(73).err())
        .isEqualTo("error: cannot write no/such/out.yaml: directory " + tmp.resolve("no/such")
            + " does not exist: create it first\n");
    // /proc refuses new files even to root
    assertThat(meshctl("inject", "-f", input.toString(), "--output-file", "/proc/out.yaml").assertExit(73).err())
        .startsWith("error: cannot write /proc/out.yaml: ").hasLineCount(1);
    assertOnlyInTmp(input);
  }

  @Test
  void aNameTooLongFailsAfterTheTempFileWasWrittenAndLeavesNothing() throws IOException {
    // 300 characters: the temp file (a shortened name) is created and written, then the rename fails
    String name = "a".repeat(295) + ".yaml";
    CommandRun run = meshctl("inject", "-f", input.toString(), "--output-file", name).assertExit(73);
    assertThat(run.err()).isEqualTo("error: cannot write " + name + ": File name too long\n");
    assertOnlyInTmp(input);
  }

  @Test
  void aLongButValidNameIsWritten() throws IOException {
    // 250 characters: a file system allows 255, so the temp name must not be the name plus a suffix
    String name = "b".repeat(245) + ".yaml";
    meshctl("inject", "-f", input.toString(), "--output-file", name, "-q").assertOk();
    assertThat(Files.readString(tmp.resolve(name))).contains("name: istio-proxy");
    assertOnlyInTmp(input, tmp.resolve(name));
  }

  @Test
  void aWriteThatRunsOutOfSpaceLeavesTheTargetAndNoTempFile() throws Exception {
    // RLIMIT_FSIZE stands in for a full disk: writes past 1 block fail (EFBIG) as they would with ENOSPC
    Path wrapper = Files.writeString(tmp.resolve("limited.sh"), "#!/bin/sh\nulimit -f 1\nexec \"$@\"\n");
    Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
    Path big = tmp.resolve("big.yaml");
    Files.writeString(big, (DEPLOYMENT + "---\n").repeat(50));
    Path out = Files.writeString(tmp.resolve("out.yaml"), "old\n");
    CommandRun run = Launcher.run(wrapper, null, Map.of(), tmp, Launcher.binary().toString(), "inject", "-f",
        "big.yaml", "--output-file", "out.yaml").assertExit(73);
    assertThat(run.err()).isEqualTo("error: cannot write out.yaml: File too large\n");
    assertThat(Files.readString(out)).isEqualTo("old\n");
    assertOnlyInTmp(input, wrapper, big, out);
  }

  @Test
  void certFilesAreRefusedOnADeviceEvenWithForce() throws Exception {
    Path fifo = tmp.resolve("key.pem");
    assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo is available");
    CommandRun run = meshctl("cert", "issue", "server", "--host", "a.example.com", "--cert", "cert.pem", "--key",
        "key.pem", "--force").assertExit(73);
    assertThat(run.err()).isEqualTo("error: cannot write " + fifo + ": it is not a regular file (a device, FIFO or "
        + "socket) and would be replaced: name a regular file\n");
    assertThat(Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS)).as("still a FIFO").isFalse();
    assertOnlyInTmp(input, fifo);
  }
}
