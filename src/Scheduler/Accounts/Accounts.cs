using System.Text.RegularExpressions;
using Dapper;
using Microsoft.AspNetCore.Identity;
using Npgsql;

namespace Survey.Scheduler.Accounts;

internal static class Roles
{
    public const string Admin = "admin";
    public const string Analyst = "analyst";
    public const string Board = "board";
    public static readonly string[] All = [Admin, Analyst, Board];
}

/// <summary>Local accounts: name, role and a password hashed with ASP.NET Core's PasswordHasher.</summary>
internal static partial class Accounts
{
    public sealed record Account(string Name, string Role);

    private static readonly PasswordHasher<Account> Hasher = new();

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{1,62}$")]
    private static partial Regex ValidName();

    public const int MinPasswordLength = 10;

    /// <summary>Creates an account, or with replace sets the password and role of an existing one.</summary>
    public static async Task AddAsync(NpgsqlDataSource db, string name, string role, string password, bool replace, CancellationToken ct)
    {
        if (!ValidName().IsMatch(name))
            throw new UserError($"Invalid account name '{name}': use 2-63 lower-case letters, digits, '.', '_' or '-'.");
        if (!Roles.All.Contains(role))
            throw new UserError($"Unknown role '{role}': use {string.Join(", ", Roles.All)}.");
        if (password.Length < MinPasswordLength)
            throw new UserError($"The password must have at least {MinPasswordLength} characters.");

        var account = new Account(name, role);
        var hash = Hasher.HashPassword(account, password);
        await using var connection = await db.OpenConnectionAsync(ct);
        var written = await connection.ExecuteAsync(new CommandDefinition(
            replace
                ? """
                  INSERT INTO app_user (name, role, password_hash) VALUES (@name, @role, @hash)
                  ON CONFLICT (name) DO UPDATE SET role = excluded.role, password_hash = excluded.password_hash
                  """
                : "INSERT INTO app_user (name, role, password_hash) VALUES (@name, @role, @hash) ON CONFLICT (name) DO NOTHING",
            new { name, role, hash }, cancellationToken: ct));
        if (written == 0)
            throw new UserError($"The account '{name}' already exists.");
    }

    /// <summary>The account when the password is right, otherwise null.</summary>
    public static async Task<Account?> VerifyAsync(NpgsqlDataSource db, string name, string password, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<(string Name, string Role, string Hash)>(new CommandDefinition(
            "SELECT name, role, password_hash FROM app_user WHERE name = @name", new { name }, cancellationToken: ct));
        if (row.Name is null)
        {
            Hasher.HashPassword(new Account(name, ""), password); // same work whether or not the name exists
            return null;
        }
        var account = new Account(row.Name, row.Role);
        var result = Hasher.VerifyHashedPassword(account, row.Hash, password);
        if (result == PasswordVerificationResult.Failed)
            return null;
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
            await connection.ExecuteAsync(new CommandDefinition("UPDATE app_user SET password_hash = @hash WHERE name = @name",
                new { name, hash = Hasher.HashPassword(account, password) }, cancellationToken: ct));
        return account;
    }
}
