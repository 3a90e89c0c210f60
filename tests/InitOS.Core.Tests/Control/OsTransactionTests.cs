using InitOS.Core.Control;

namespace InitOS.Core.Tests.Control;

public class OsTransactionTests
{
    [Fact]
    public void Upgrade_options_are_read_with_their_defaults()
    {
        var t = OsTransaction.FromOptions("upgrade", [("image", "s", "initos/os:v2"), ("stage", "b", true)]);
        Assert.Equal(new OsTransaction("upgrade", "initos/os:v2", Force: false, Stage: true, Append: null), t);
        Assert.Equal(new OsTransaction("upgrade", null, false, false, null), OsTransaction.FromOptions("upgrade", []));
        Assert.Equal(new OsTransaction("rollback", null, true, false, null), OsTransaction.FromOptions("rollback", [("force", "b", true)]));
    }

    [Fact]
    public void Options_round_trip()
    {
        var t = new OsTransaction("upgrade", "x", Force: true, Stage: false, Append: "console=ttyS0");
        Assert.Equal(t, OsTransaction.FromOptions("upgrade", t.ToOptions().Select(o => (o.Key, o.Signature, (object?)o.Value))));
        Assert.Equal([("image", "s", (object)"x"), ("force", "b", true), ("append", "s", "console=ttyS0")], t.ToOptions());
    }

    [Theory]
    [InlineData("upgrade", "reboot", "b", "Upgrade: unknown option 'reboot' (known: image s, force b, stage b, append s)")]
    [InlineData("rollback", "image", "s", "Rollback: unknown option 'image' (known: force b)")]
    [InlineData("upgrade", "force", "s", "Upgrade: option 'force' is of type 'b', got 's'")]
    [InlineData("upgrade", "image", "int32", "Upgrade: option 'image' is of type 's', got 'int32'")]
    public void Bad_options_are_InvalidArgs(string kind, string key, string signature, string message)
    {
        object? value = signature == "s" ? "v" : signature == "b" ? true : null;
        var e = Assert.Throws<ControlException>(() => OsTransaction.FromOptions(kind, [(key, signature, value)]));
        Assert.Equal(ControlNames.ErrorInvalidArgs, e.Name);
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void An_empty_image_and_a_repeated_key_are_refused()
    {
        Assert.Equal("Upgrade: option 'image' is empty",
            Assert.Throws<ControlException>(() => OsTransaction.FromOptions("upgrade", [("image", "s", "")])).Message);
        Assert.Equal("Upgrade: option 'force' is given twice",
            Assert.Throws<ControlException>(() => OsTransaction.FromOptions("upgrade", [("force", "b", true), ("force", "b", false)])).Message);
    }

    [Fact]
    public void Titles_and_the_busy_message()
    {
        Assert.Equal("upgrade to x", new OsTransaction("upgrade", "x", false, false, null).Title);
        Assert.Equal("stage x", new OsTransaction("upgrade", "x", false, true, null).Title);
        Assert.Equal("upgrade to the current image", new OsTransaction("upgrade", null, false, false, null).Title);
        Assert.Equal("rollback", new OsTransaction("rollback", null, true, false, null).Title);
        Assert.Equal("Transaction in progress: rollback", OsTransaction.BusyMessage("rollback"));
    }

    [Theory]
    [InlineData("/org/initos/Init1/transaction/7", 7u)]
    [InlineData("/org/initos/Init1/transaction/07", null)]
    [InlineData("/org/initos/Init1/job/7", null)]
    [InlineData("/org/initos/Init1/transaction/", null)]
    public void Transaction_paths(string path, uint? id)
    {
        Assert.Equal(id, ObjectPaths.TransactionId(path));
        if (id is { } value)
        {
            Assert.Equal(path, ObjectPaths.Transaction(value));
        }
    }
}
