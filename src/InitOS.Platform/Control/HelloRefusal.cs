using System.Buffers.Binary;
using System.Text;

namespace InitOS.Platform.Control;

/// <summary>
/// The error reply <see cref="HandshakeShimStream"/> gives the server connection's own <c>Hello()</c>: Tmds.DBus takes
/// an error as "the other end is a peer, not a bus".
/// </summary>
internal static class HelloRefusal
{
    private const string ErrorName = "org.freedesktop.DBus.Error.UnknownMethod";

    /// <summary>A little-endian ERROR message with the fields ERROR_NAME (4, <c>s</c>) and REPLY_SERIAL (5, <c>u</c>), no body.</summary>
    public static byte[] Create(uint replySerial)
    {
        byte[] name = Encoding.ASCII.GetBytes(ErrorName);
        var m = new List<byte>(96) { (byte)'l', 3 /* ERROR */, 1 /* NO_REPLY_EXPECTED */, 1 /* version */ };
        AddUInt32(m, 0);            // body length
        AddUInt32(m, 0xFFFFFFF0);   // serial
        AddUInt32(m, 0);            // header fields length, patched below
        Pad(m, 8);
        m.AddRange([4, 1, (byte)'s', 0]);
        AddUInt32(m, (uint)name.Length);
        m.AddRange(name);
        m.Add(0);
        Pad(m, 8);
        m.AddRange([5, 1, (byte)'u', 0]);
        AddUInt32(m, replySerial);
        int fieldsLength = m.Count - 16;
        Pad(m, 8);
        byte[] bytes = m.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(12), (uint)fieldsLength);
        return bytes;
    }

    private static void AddUInt32(List<byte> m, uint value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        m.AddRange(b);
    }

    private static void Pad(List<byte> m, int alignment)
    {
        while (m.Count % alignment != 0)
        {
            m.Add(0);
        }
    }
}
