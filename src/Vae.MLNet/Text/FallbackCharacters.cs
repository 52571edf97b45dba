namespace Vae.MLNet.Text;

/// <summary>
/// The characters a fallback buffer stands in for one it could not convert, handed out one at a time: the part of an
/// encoder's and a decoder's fallback buffer that is the same whatever the characters are, which .NET's two buffer
/// types, having no common base, cannot share by inheritance.
/// </summary>
internal sealed class FallbackCharacters
{
    private string _characters = string.Empty;
    private int _next;

    /// <summary>How many characters are left to hand out.</summary>
    public int Remaining => _characters.Length - _next;

    /// <summary>Starts handing out <paramref name="characters"/>; true when there are any.</summary>
    public bool Start(string characters)
    {
        _characters = characters;
        _next = 0;
        return characters.Length > 0;
    }

    /// <summary>The next character, or '\0' once none is left, as <c>GetNextChar</c> returns it.</summary>
    public char Next() => _next < _characters.Length ? _characters[_next++] : '\0';

    /// <summary>Steps back over the character handed out last; false when none has been.</summary>
    public bool MovePrevious()
    {
        if (_next == 0)
        {
            return false;
        }

        _next--;
        return true;
    }

    /// <summary>Drops the characters left.</summary>
    public void Reset() => Start(string.Empty);
}
