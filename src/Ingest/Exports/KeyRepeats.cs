namespace Survey.Ingest.Exports;

/// <summary>
/// Whether a first load's respondent keys may repeat, told from a 64-bit hash of each (8 bytes a row) rather than
/// from the primary key, which a first load into a new partition builds only later, alongside the protection's
/// decision (RespondentStore). Equal keys hash alike, so "no repeat" is certain; a repeat, or a rare collision of two
/// keys, sends the file through the staging table, which finds and reports the repeated ids.
/// </summary>
internal sealed class KeyRepeats
{
    private readonly List<ulong> _hashes = [];

    public void Add(string key)
    {
        var hash = 14695981039346656037UL; // FNV-1a
        foreach (var c in key)
            hash = (hash ^ c) * 1099511628211UL;
        _hashes.Add(hash);
    }

    public bool Any()
    {
        var hashes = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_hashes);
        hashes.Sort();
        for (var i = 1; i < hashes.Length; i++)
            if (hashes[i] == hashes[i - 1])
                return true;
        return false;
    }
}
