using System.Text;

namespace InitOS.Ros.Os;

/// <summary>
/// A writer that hands each complete line to an action (without its line end; <c>\r\n</c> counts as one); a last
/// line without one goes out on <see cref="Flush"/>. What an OS transaction's output becomes in the init.
/// </summary>
public sealed class ProgressWriter(Action<string> line) : TextWriter
{
    private readonly StringBuilder _pending = new();
    private readonly object _gate = new();

    /// <inheritdoc/>
    public override Encoding Encoding => Encoding.UTF8;

    /// <inheritdoc/>
    public override void Write(char value)
    {
        lock (_gate)
        {
            Append(value);
        }
    }

    /// <inheritdoc/>
    public override void Write(string? value)
    {
        if (value is null)
        {
            return;
        }
        lock (_gate)
        {
            foreach (char c in value)
            {
                Append(c);
            }
        }
    }

    /// <inheritdoc/>
    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    /// <inheritdoc/>
    public override void WriteLine(string? value) => Write((value ?? "") + "\n");

    /// <inheritdoc/>
    public override void Flush()
    {
        lock (_gate)
        {
            if (_pending.Length > 0)
            {
                Emit();
            }
        }
    }

    private void Append(char c)
    {
        if (c == '\n')
        {
            Emit();
        }
        else
        {
            _pending.Append(c);
        }
    }

    private void Emit()
    {
        if (_pending.Length > 0 && _pending[^1] == '\r')
        {
            _pending.Length--;
        }
        string text = _pending.ToString();
        _pending.Clear();
        line(text);
    }
}
