using System.Globalization;
using System.Text;

namespace InitOS.Core.Control;

/// <summary>
/// The server side of the D-Bus SASL exchange as a pure state machine: it is told the peer's uid (from
/// <c>SO_PEERCRED</c>) and fed the bytes the client sends; it answers with reply lines. Only <c>EXTERNAL</c> is
/// offered, and the identity the client claims must be the peer's uid.
/// </summary>
/// <remarks>
/// Rules: the first byte must be NUL; <c>AUTH EXTERNAL &lt;hex uid&gt;</c> → <c>OK &lt;guid&gt;</c> when the decoded
/// uid is the peer's, else <c>REJECTED EXTERNAL</c>; <c>AUTH EXTERNAL</c> without data → <c>DATA</c>, then
/// <c>DATA &lt;hex uid&gt;</c> or an empty <c>DATA</c> (the peer's own uid) → <c>OK</c>; <c>NEGOTIATE_UNIX_FD</c> →
/// <c>ERROR</c> (no fd passing); <c>BEGIN</c> after <c>OK</c> ends the exchange; other mechanisms, <c>CANCEL</c> and
/// <c>ERROR</c> → <c>REJECTED EXTERNAL</c>; anything else → <c>ERROR</c>. A line longer than
/// <see cref="MaxLineLength"/> or more than <see cref="MaxLines"/> lines fail the exchange, as does <c>BEGIN</c> before
/// <c>OK</c>.
/// </remarks>
public sealed class SaslServer
{
    /// <summary>The longest line accepted, without its <c>\r\n</c>.</summary>
    public const int MaxLineLength = 512;

    /// <summary>The most lines one exchange may take.</summary>
    public const int MaxLines = 16;

    private readonly uint _peerUid;
    private readonly string _guid;
    private readonly List<byte> _line = new(64);
    private bool _sawNul;
    private bool _waitingForData;
    private bool _authenticated;
    private int _lines;
    private bool _finished;

    /// <summary>Creates the exchange for a peer whose socket credentials say <paramref name="peerUid"/>.</summary>
    /// <param name="peerUid">The uid from <c>SO_PEERCRED</c>.</param>
    /// <param name="guid">The server's GUID, 32 hex digits, sent with <c>OK</c>.</param>
    public SaslServer(uint peerUid, string guid)
    {
        if (guid.Length != 32 || !guid.All(Uri.IsHexDigit))
        {
            throw new ArgumentException("The server GUID must be 32 hex digits", nameof(guid));
        }
        _peerUid = peerUid;
        _guid = guid;
    }

    /// <summary>True once the client authenticated (it may still send <c>NEGOTIATE_UNIX_FD</c> before <c>BEGIN</c>).</summary>
    public bool IsAuthenticated => _authenticated;

    /// <summary>Feeds the next bytes the client sent.</summary>
    /// <exception cref="InvalidOperationException">The exchange already ended.</exception>
    public SaslStep Feed(ReadOnlySpan<byte> data)
    {
        if (_finished)
        {
            throw new InvalidOperationException("The SASL exchange has ended");
        }
        var replies = new List<string>();
        int i = 0;
        if (!_sawNul && data.Length > 0)
        {
            if (data[0] != 0)
            {
                return Fail(replies, 0, "the client did not send the leading NUL byte");
            }
            _sawNul = true;
            i = 1;
        }
        for (; i < data.Length; i++)
        {
            byte b = data[i];
            if (b != (byte)'\n')
            {
                if (_line.Count >= MaxLineLength + 1)
                {
                    return Fail(replies, i + 1, $"an authentication line is longer than {MaxLineLength} bytes");
                }
                _line.Add(b);
                continue;
            }
            if (_line.Count == 0 || _line[^1] != (byte)'\r')
            {
                return Fail(replies, i + 1, "an authentication line does not end in CR LF");
            }
            if (++_lines > MaxLines)
            {
                return Fail(replies, i + 1, $"the client sent more than {MaxLines} authentication lines");
            }
            string line = Encoding.ASCII.GetString(_line.ToArray(), 0, _line.Count - 1);
            _line.Clear();
            var (reply, outcome, failure) = HandleLine(line);
            if (reply != null)
            {
                replies.Add(reply);
            }
            if (outcome != SaslOutcome.Continue)
            {
                _finished = true;
                return new SaslStep(replies, outcome, i + 1, failure);
            }
        }
        return new SaslStep(replies, SaslOutcome.Continue, data.Length);
    }

    private SaslStep Fail(List<string> replies, int consumed, string why)
    {
        _finished = true;
        return new SaslStep(replies, SaslOutcome.Failed, consumed, why);
    }

    private (string? Reply, SaslOutcome Outcome, string? Failure) HandleLine(string line)
    {
        string[] words = line.Split(' ');
        string command = words[0];
        switch (command)
        {
            case "BEGIN" when words.Length == 1:
                return _authenticated
                    ? (null, SaslOutcome.Authenticated, null)
                    : (null, SaslOutcome.Failed, "the client sent BEGIN before it authenticated");
            case "AUTH" when !_authenticated:
                _waitingForData = false;
                if (words.Length < 2 || words[1] != "EXTERNAL" || words.Length > 3)
                {
                    return ("REJECTED EXTERNAL", SaslOutcome.Continue, null);
                }
                if (words.Length == 2)
                {
                    _waitingForData = true;
                    return ("DATA", SaslOutcome.Continue, null);
                }
                return (Accept(words[2]), SaslOutcome.Continue, null);
            case "DATA" when _waitingForData && words.Length <= 2:
                _waitingForData = false;
                return (Accept(words.Length == 2 ? words[1] : null), SaslOutcome.Continue, null);
            case "NEGOTIATE_UNIX_FD" when _authenticated:
                return ("ERROR", SaslOutcome.Continue, null); // no fd passing
            case "CANCEL" or "ERROR" when !_authenticated:
                _waitingForData = false;
                return ("REJECTED EXTERNAL", SaslOutcome.Continue, null);
            default:
                return ("ERROR", SaslOutcome.Continue, null);
        }
    }

    // hexData null: the client claims no identity of its own, so the socket credentials stand.
    private string Accept(string? hexData)
    {
        if (hexData == null || ClaimedUid(hexData) == _peerUid)
        {
            _authenticated = true;
            return "OK " + _guid;
        }
        return "REJECTED EXTERNAL";
    }

    private static uint? ClaimedUid(string hex)
    {
        if (hex.Length == 0 || hex.Length % 2 != 0 || hex.Length > 20 || !hex.All(Uri.IsHexDigit))
        {
            return null;
        }
        string text = Encoding.ASCII.GetString(Convert.FromHexString(hex));
        return text.All(char.IsAsciiDigit) && uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out uint uid)
            ? uid
            : null;
    }
}
