using System.Text;
using InitOS.Core.Control;

namespace InitOS.Core.Tests.Control;

public class SaslServerTests
{
    private const string Guid = "0123456789abcdef0123456789abcdef";

    private static SaslStep Feed(SaslServer sasl, string text) => sasl.Feed(Encoding.ASCII.GetBytes(text));

    [Fact]
    public void External_with_the_peers_hex_uid_is_OK_and_BEGIN_ends()
    {
        var sasl = new SaslServer(1000, Guid);
        var step = Feed(sasl, "\0AUTH EXTERNAL 31303030\r\n");
        Assert.Equal(["OK " + Guid], step.Replies);
        Assert.Equal(SaslOutcome.Continue, step.Outcome);
        step = Feed(sasl, "BEGIN\r\n");
        Assert.Equal(SaslOutcome.Authenticated, step.Outcome);
        Assert.Empty(step.Replies);
    }

    [Fact]
    public void External_without_data_asks_for_DATA_then_accepts_empty_or_hex()
    {
        var sasl = new SaslServer(0, Guid);
        Assert.Equal(["DATA"], Feed(sasl, "\0AUTH EXTERNAL\r\n").Replies);
        Assert.Equal(["OK " + Guid], Feed(sasl, "DATA\r\n").Replies);

        sasl = new SaslServer(0, Guid);
        // sd-bus pipelines its lines: all replies come from one chunk
        var step = Feed(sasl, "\0AUTH EXTERNAL\r\nDATA 30\r\nNEGOTIATE_UNIX_FD\r\nBEGIN\r\n");
        Assert.Equal(["DATA", "OK " + Guid, "ERROR"], step.Replies);
        Assert.Equal(SaslOutcome.Authenticated, step.Outcome);
    }

    [Fact]
    public void A_claimed_uid_other_than_the_peers_is_rejected_and_BEGIN_then_fails()
    {
        var sasl = new SaslServer(1000, Guid);
        Assert.Equal(["REJECTED EXTERNAL"], Feed(sasl, "\0AUTH EXTERNAL 30\r\n").Replies); // claims root
        Assert.Equal(["REJECTED EXTERNAL"], Feed(sasl, "AUTH EXTERNAL zz\r\n").Replies);
        Assert.Equal(["REJECTED EXTERNAL"], Feed(sasl, "AUTH ANONYMOUS\r\n").Replies);
        var step = Feed(sasl, "BEGIN\r\n");
        Assert.Equal(SaslOutcome.Failed, step.Outcome);
        Assert.Contains("before it authenticated", step.Failure);
    }

    [Fact]
    public void The_leading_NUL_byte_is_required()
    {
        var step = Feed(new SaslServer(0, Guid), "AUTH EXTERNAL 30\r\n");
        Assert.Equal(SaslOutcome.Failed, step.Outcome);
        Assert.Contains("NUL", step.Failure);
    }

    [Fact]
    public void NEGOTIATE_UNIX_FD_is_refused_and_unknown_commands_are_errors()
    {
        var sasl = new SaslServer(0, Guid);
        Assert.Equal(["ERROR"], Feed(sasl, "\0HELLO\r\n").Replies);
        Feed(sasl, "AUTH EXTERNAL 30\r\n");
        Assert.Equal(["ERROR"], Feed(sasl, "NEGOTIATE_UNIX_FD\r\n").Replies);
        Assert.True(sasl.IsAuthenticated);
    }

    [Fact]
    public void Bytes_pipelined_after_BEGIN_are_left_for_the_message_stream()
    {
        var sasl = new SaslServer(0, Guid);
        byte[] hello = [(byte)'l', 1, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0];
        byte[] chunk = [.. Encoding.ASCII.GetBytes("\0AUTH EXTERNAL 30\r\nBEGIN\r\n"), .. hello];
        var step = sasl.Feed(chunk);
        Assert.Equal(SaslOutcome.Authenticated, step.Outcome);
        Assert.Equal(hello, chunk[step.Consumed..]);
    }

    [Fact]
    public void Lines_split_across_chunks_are_joined()
    {
        var sasl = new SaslServer(0, Guid);
        Assert.Empty(Feed(sasl, "\0AUTH EXT").Replies);
        Assert.Equal(["OK " + Guid], Feed(sasl, "ERNAL 30\r").Replies.Concat(Feed(sasl, "\n").Replies));
    }

    [Fact]
    public void Long_lines_and_too_many_lines_fail()
    {
        var step = Feed(new SaslServer(0, Guid), "\0AUTH EXTERNAL " + new string('3', SaslServer.MaxLineLength + 10));
        Assert.Equal(SaslOutcome.Failed, step.Outcome);

        var sasl = new SaslServer(0, Guid);
        step = Feed(sasl, "\0" + string.Concat(Enumerable.Repeat("CANCEL\r\n", SaslServer.MaxLines + 1)));
        Assert.Equal(SaslOutcome.Failed, step.Outcome);
        Assert.Equal(SaslServer.MaxLines, step.Replies.Count);
    }

    [Fact]
    public void A_line_without_CR_fails()
    {
        Assert.Equal(SaslOutcome.Failed, Feed(new SaslServer(0, Guid), "\0AUTH EXTERNAL 30\n").Outcome);
    }
}
