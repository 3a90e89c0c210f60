using InitOS.CloudInit;
using InitOS.Core.Boot;
using InitOS.Core.CloudInit;
using InitOS.Platform.CloudInit;
using InitOS.Platform.Files;
using InitOS.Platform.Linux;
using InitOS.Platform.Logging;
using InitOS.Platform.Processes;

namespace InitOS.CloudInit.Tests;

/// <summary>
/// Issue 12: cloud-init-execute writes as root into a tree user rancher (uid 1100) owns; a symlink or hard link the
/// user planted there is refused and reported, its target untouched, and the other steps still run. As root, with
/// the real adapters, in a temp root.
/// </summary>
public sealed class SymlinkRefusalTests : IDisposable
{
    private const string AliceKey = "ssh-ed25519 AAAAalice alice@laptop";
    private const string Secret = "root:$6$verysecret:19000:0:99999:7:::\n";
    private readonly TempTree _tree = new();
    private CloudInitLog _log = null!;

    public SymlinkRefusalTests()
    {
        _tree.Write("/etc/passwd", "root:x:0:0:root:/root:/bin/sh\nrancher:x:1100:1100::/home/rancher:/bin/bash\ndocker:x:1101:1101::/home/docker:/bin/bash\n");
        _tree.Write("/etc/group", "root:x:0:\nshadow:x:42:\nrancher:x:1100:\ndocker:x:1101:rancher\n");
        _tree.Write("/etc/shadow", "root:*:19000:0:99999:7:::\nrancher:*:19000:0:99999:7:::\ndocker:*:19000:0:99999:7:::\n");
        // Root's own secrets, the targets a user would like root to write to or hand over.
        _tree.Write("/secret/shadow", Secret);
        File.SetUnixFileMode(_tree.Path("/secret/shadow"), Core.Modes.File0600);
        File.SetUnixFileMode(_tree.Path("/secret"), Core.Modes.Dir0700);
        Directory.CreateDirectory(_tree.Path("/home/rancher"));
        Chown("/home/rancher");
    }

    public void Dispose() => _tree.Dispose();

    private void Chown(string path) => Tools.Run("chown", "-h", "1100:1100", _tree.Path(path));

    /// <summary>A symlink made by the user: owned by uid 1100, as if rancher had run ln -s.</summary>
    private void UserSymlink(string path, string target)
    {
        File.CreateSymbolicLink(_tree.Path(path), target);
        Chown(path);
    }

    private async Task<int> ExecuteAsync(ExecutePhase phase, string yaml)
    {
        _tree.Write("/var/lib/rancher/conf/cloud-config.d/boot.yml", yaml);
        var files = new RootedFileStore(_tree.Root);
        _log = new CloudInitLog(new ConsoleLog(Stream.Null), () => 0);
        var execute = new CloudInitExecute(files, new LinuxHostFiles(files), new LinuxSyscalls(), new ProgramRunner(), _log,
            new FakeClock(), () => "testsalt") { CommandTimeout = TimeSpan.FromSeconds(20) };
        return await execute.RunAsync(phase, CancellationToken.None);
    }

    private IEnumerable<string> Errors() => _log.Written.Where(r => r.Level == SyslogLevel.Error).Select(r => r.Text);

    private string Stat(string path) => Tools.Run("stat", "-c", "%u:%g %a %F", _tree.Path(path)).Trim();

    private void AssertSecretUntouched()
    {
        Assert.Equal(Secret, File.ReadAllText(_tree.Path("/secret/shadow")));
        Assert.Equal("0:0 600 regular file", Stat("/secret/shadow"));
        Assert.Equal("0:0 700 directory", Stat("/secret"));
        Assert.Equal(["shadow"], Directory.EnumerateFileSystemEntries(_tree.Path("/secret")).Select(Path.GetFileName));
    }

    [RequiresRootFact]
    public async Task Issue_12_a_symlinked_ssh_directory_is_refused_and_the_docker_user_still_gets_its_keys()
    {
        UserSymlink("/home/rancher/.ssh", _tree.Path("/secret"));

        Assert.Equal(1, await ExecuteAsync(ExecutePhase.Accounts, $"#cloud-config\nssh_authorized_keys: ['{AliceKey}']\n"));

        AssertSecretUntouched();
        Assert.Equal("1100:1100 777 symbolic link", Stat("/home/rancher/.ssh"));
        Assert.Contains(Errors(), e => e.Contains("Refusing to write '/home/rancher/.ssh': '/home/rancher/.ssh' is a symlink owned by uid 1100, not followed"));
        Assert.Contains(Errors(), e => e.Contains("Refusing to write '/home/rancher/.ssh/authorized_keys': '/home/rancher/.ssh' is a symlink owned by uid 1100"));
        Assert.Equal(AliceKey + "\n", _tree.Read("/home/docker/.ssh/authorized_keys"));
        Assert.Equal("1101:1101 600 regular file", Stat("/home/docker/.ssh/authorized_keys"));
    }

    [RequiresRootFact]
    public async Task Issue_12_a_symlinked_authorized_keys_is_refused_and_left_as_it_is()
    {
        Directory.CreateDirectory(_tree.Path("/home/rancher/.ssh"));
        Chown("/home/rancher/.ssh");
        UserSymlink("/home/rancher/.ssh/authorized_keys", _tree.Path("/secret/shadow"));

        Assert.Equal(1, await ExecuteAsync(ExecutePhase.Accounts, $"#cloud-config\nssh_authorized_keys: ['{AliceKey}']\n"));

        AssertSecretUntouched();
        Assert.Equal("1100:1100 777 symbolic link", Stat("/home/rancher/.ssh/authorized_keys"));
        Assert.Contains(Errors(), e => e.Contains("Refusing to write '/home/rancher/.ssh/authorized_keys': '/home/rancher/.ssh/authorized_keys' is a symlink owned by uid 1100"));
        // The directory itself was the user's and is fixed up as usual.
        Assert.Equal("1100:1100 700 directory", Stat("/home/rancher/.ssh"));
    }

    [RequiresRootFact]
    public async Task Issue_12_an_authorized_keys_hard_linked_to_a_root_file_is_refused()
    {
        Directory.CreateDirectory(_tree.Path("/home/rancher/.ssh"));
        Chown("/home/rancher/.ssh");
        Tools.Run("ln", _tree.Path("/secret/shadow"), _tree.Path("/home/rancher/.ssh/authorized_keys"));

        Assert.Equal(1, await ExecuteAsync(ExecutePhase.Accounts, $"#cloud-config\nssh_authorized_keys: ['{AliceKey}']\n"));

        Assert.Equal(Secret, File.ReadAllText(_tree.Path("/secret/shadow")));
        Assert.Equal("0:0 600 regular file", Stat("/secret/shadow"));
        Assert.Contains(Errors(), e => e.Contains("'/home/rancher/.ssh/authorized_keys' has 2 hard links, not followed"));
    }

    [RequiresRootFact]
    public async Task Issue_12_write_files_refuses_a_symlinked_parent_and_writes_the_other_entries()
    {
        UserSymlink("/home/rancher/app", _tree.Path("/secret"));

        var status = await ExecuteAsync(ExecutePhase.Console, """
            #cloud-config
            write_files:
              - path: /home/rancher/app/settings.conf
                owner: rancher
                content: "x=1\n"
              - path: /home/rancher/notes.txt
                owner: rancher:rancher
                permissions: "0640"
                content: "hello\n"
            """);

        Assert.Equal(1, status);
        AssertSecretUntouched();
        Assert.Contains(Errors(), e => e.Contains("Refusing to write '/home/rancher/app/settings.conf': '/home/rancher/app' is a symlink owned by uid 1100"));
        Assert.Equal("hello\n", _tree.Read("/home/rancher/notes.txt"));
        Assert.Equal("1100:1100 640 regular file", Stat("/home/rancher/notes.txt"));
    }

    [RequiresRootFact]
    public async Task Issue_12_roots_own_symlink_in_a_root_only_directory_is_still_followed()
    {
        Directory.CreateDirectory(_tree.Path("/run"));
        Directory.CreateDirectory(_tree.Path("/var"));
        File.CreateSymbolicLink(_tree.Path("/var/run"), "../run");

        Assert.Equal(0, await ExecuteAsync(ExecutePhase.Console, "#cloud-config\nwrite_files:\n  - path: /var/run/app.pid\n    content: \"42\\n\"\n"));

        Assert.Equal("42\n", _tree.Read("/run/app.pid"));
        Assert.Equal("0:0 644 regular file", Stat("/run/app.pid"));
        Assert.Equal("0:0 777 symbolic link", Stat("/var/run"));
    }

    [RequiresRootFact]
    public async Task Issue_12_keys_for_a_user_without_ssh_directory_are_written_with_owner_and_modes()
    {
        Assert.Equal(0, await ExecuteAsync(ExecutePhase.Accounts, $"#cloud-config\nssh_authorized_keys: ['{AliceKey}']\n"));

        Assert.Equal(AliceKey + "\n", _tree.Read("/home/rancher/.ssh/authorized_keys"));
        Assert.Equal("1100:1100 600 regular file", Stat("/home/rancher/.ssh/authorized_keys"));
        Assert.Equal("1100:1100 700 directory", Stat("/home/rancher/.ssh"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_tree.Path("/home/rancher/.ssh"), ".*"));
    }
}
