using InitOS.Core.Control;
using Tmds.DBus.Protocol;

namespace InitOS.Platform.IntegrationTests.Control;

/// <summary>OS transactions on a real ControlServer: busctl, the ros client, one at a time, Cancel, disconnects.</summary>
public sealed class TransactionTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private static readonly string[] Lines =
        ["Pulling x", .. Enumerable.Range(1, 10).Select(i => $"      line {i}"), "Written"];

    private ControlServerFixture _f = null!;

    public async Task InitializeAsync() => _f = await ControlServerFixture.StartAsync();

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private static OsTransaction Upgrade(string image) => new(OsTransaction.Upgrade, image, Force: false, Stage: false, Append: null);

    private static async Task Until(Func<bool> condition) =>
        Assert.True(await Eventually.HoldsAsync(condition, Deadline, TimeSpan.FromMilliseconds(20)), "timed out waiting");

    [RequiresToolsFact(false, "busctl")]
    public async Task Busctl_Upgrade_returns_a_transaction_which_its_disconnect_before_Start_cancels()
    {
        var r = await _f.BusctlAsync("call", "org.initos.Init1", "/org/initos/Init1", "org.initos.Init1.Manager", "Upgrade", "a{sv}", "1", "image", "s", "x");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("o \"/org/initos/Init1/transaction/1\"", r.Stdout.Trim());
        Assert.Empty(_f.Init.Transactions); // nothing runs before Start()

        // busctl went away without Start(): the transaction is canceled, so the next one is not Busy
        await using var client = _f.Client();
        JobOutcome? outcome = null;
        await Until(() =>
        {
            try
            {
                outcome = client.RunOsTransactionAsync(Upgrade("y"), _ => { }, CancellationToken.None).WaitAsync(Deadline).GetAwaiter().GetResult();
                return true;
            }
            catch (ControlException e) when (e.Name == ControlNames.ErrorBusy)
            {
                return false;
            }
        });
        Assert.Equal(JobOutcome.Done(), outcome);
        Assert.Equal(["y"], _f.Init.Transactions.Select(t => t.Image));
    }

    [RequiresToolsFact(false, "busctl")]
    public async Task Busctl_sees_bad_options_as_InvalidArgs_and_the_transaction_object()
    {
        var bad = await _f.BusctlAsync("call", "org.initos.Init1", "/org/initos/Init1", "org.initos.Init1.Manager", "Upgrade", "a{sv}", "1", "force", "s", "yes");
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("option 'force' is of type 'b', got 's'", bad.Stderr);
        var unknown = await _f.BusctlAsync("call", "org.initos.Init1", "/org/initos/Init1", "org.initos.Init1.Manager", "Rollback", "a{sv}", "1", "image", "s", "x");
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("unknown option 'image'", unknown.Stderr);

        _f.Init.TransactionGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var client = _f.Client();
        var running = client.RunOsTransactionAsync(Upgrade("x"), _ => { }, CancellationToken.None);
        await Until(() => !_f.Init.Transactions.IsEmpty);
        var title = await _f.BusctlAsync("get-property", "org.initos.Init1", "/org/initos/Init1/transaction/1", "org.initos.Init1.Transaction", "Title");
        Assert.True(title.ExitCode == 0, title.ToString());
        Assert.Equal("s \"upgrade to x\"", title.Stdout.Trim());
        var introspect = await _f.BusctlAsync("introspect", "org.initos.Init1", "/org/initos/Init1/transaction/1");
        Assert.True(introspect.ExitCode == 0, introspect.ToString());
        foreach (var member in new[] { ".Start", ".Cancel", ".Message", ".Finished", ".Title" })
        {
            Assert.Contains(member, introspect.Stdout);
        }
        _f.Init.TransactionGate.SetResult();
        Assert.Equal(JobOutcome.Done(), await running.WaitAsync(Deadline));
    }

    [Fact]
    public async Task The_client_gets_every_line_in_order_and_the_result()
    {
        await using var client = _f.Client();
        var lines = new List<string>();
        var outcome = await client.RunOsTransactionAsync(Upgrade("x"), lines.Add, CancellationToken.None).WaitAsync(Deadline);
        Assert.Equal(JobOutcome.Done(), outcome);
        Assert.Equal(Lines, lines);

        lines.Clear();
        outcome = await client.RunOsTransactionAsync(Upgrade("bad"), lines.Add, CancellationToken.None).WaitAsync(Deadline);
        Assert.Equal(JobOutcome.Failed("os upgrade: bad is damaged"), outcome);
        Assert.Equal(11, lines.Count);
        Assert.Equal(new OsTransaction(OsTransaction.Upgrade, "bad", false, false, null), _f.Init.Transactions.Last());

        var rollback = new OsTransaction(OsTransaction.Rollback, null, Force: true, Stage: false, Append: null);
        Assert.Equal(JobOutcome.Done(), await client.RunOsTransactionAsync(rollback, _ => { }, CancellationToken.None).WaitAsync(Deadline));
        Assert.Equal(rollback, _f.Init.Transactions.Last());
    }

    [RequiresToolsFact(false, "busctl")]
    public async Task A_second_transaction_while_one_runs_is_Busy()
    {
        _f.Init.TransactionGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var first = _f.Client();
        var running = first.RunOsTransactionAsync(Upgrade("x"), _ => { }, CancellationToken.None);
        await Until(() => !_f.Init.Transactions.IsEmpty);

        await using var second = _f.Client();
        var busy = await Assert.ThrowsAsync<ControlException>(() => second.RunOsTransactionAsync(Upgrade("y"), _ => { }, CancellationToken.None));
        Assert.Equal(ControlNames.ErrorBusy, busy.Name);
        Assert.Equal("Transaction in progress: upgrade to x", busy.Message);
        var r = await _f.BusctlAsync("call", "org.initos.Init1", "/org/initos/Init1", "org.initos.Init1.Manager", "Rollback", "a{sv}", "0");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("Transaction in progress: upgrade to x", r.Stderr);

        _f.Init.TransactionGate.SetResult();
        Assert.Equal(JobOutcome.Done(), await running.WaitAsync(Deadline));
        Assert.Equal(JobOutcome.Done(), await second.RunOsTransactionAsync(Upgrade("y"), _ => { }, CancellationToken.None).WaitAsync(Deadline));
    }

    [RequiresToolsFact(false, "busctl")]
    public async Task Cancel_ends_it_as_canceled()
    {
        _f.Init.TransactionGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var client = _f.Client();
        var lines = new List<string>();
        var running = client.RunOsTransactionAsync(Upgrade("x"), lines.Add, CancellationToken.None);
        await Until(() => !_f.Init.Transactions.IsEmpty);
        var r = await _f.BusctlAsync("call", "org.initos.Init1", "/org/initos/Init1/transaction/1", "org.initos.Init1.Transaction", "Cancel");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(new JobOutcome("canceled", OsTransaction.CanceledMessage), await running.WaitAsync(Deadline));
        Assert.Equal("canceled", await _f.Init.TransactionEnded.Task.WaitAsync(Deadline));
        Assert.Equal(["Pulling x"], lines);
    }

    [Fact]
    public async Task A_client_that_goes_away_after_Start_does_not_stop_it()
    {
        _f.Init.TransactionGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var client = _f.Client();
        var running = client.RunOsTransactionAsync(Upgrade("x"), _ => { }, CancellationToken.None);
        await Until(() => !_f.Init.Transactions.IsEmpty);
        await client.DisposeAsync();
        var gone = await Assert.ThrowsAsync<ControlException>(() => running.WaitAsync(Deadline));
        Assert.Equal(ControlNames.ErrorNotReady, gone.Name);

        _f.Init.TransactionGate.SetResult();
        Assert.Equal("done", await _f.Init.TransactionEnded.Task.WaitAsync(Deadline));
    }

    [Fact]
    public async Task A_late_Start_gets_Finished_again()
    {
        await using var client = _f.Client();
        Assert.Equal(JobOutcome.Failed("os upgrade: bad is damaged"),
            await client.RunOsTransactionAsync(Upgrade("bad"), _ => { }, CancellationToken.None).WaitAsync(Deadline));

        using var connection = new DBusConnection(_f.Address);
        await connection.ConnectAsync();
        var finished = new TaskCompletionSource<(bool, string)>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var watch = await connection.WatchSignalAsync(null, "/org/initos/Init1/transaction/1", ControlNames.TransactionInterface, "Finished",
            static (m, _) => { var r = m.GetBodyReader(); return (r.ReadBool(), r.ReadString()); },
            (Notification<(bool, string)> n) => { if (n.HasValue) { finished.TrySetResult(n.Value); } },
            ObserverFlags.None, emitOnCapturedContext: false);
        MessageBuffer Start()
        {
            using var writer = connection.GetMessageWriter();
            writer.WriteMethodCallHeader(ControlNames.BusName, "/org/initos/Init1/transaction/1", ControlNames.TransactionInterface, "Start", null);
            return writer.CreateMessage();
        }
        bool started = await connection.CallMethodAsync(Start(), static (m, _) => m.GetBodyReader().ReadBool());
        Assert.False(started);
        Assert.Equal((false, "os upgrade: bad is damaged"), await finished.Task.WaitAsync(Deadline));
    }
}
