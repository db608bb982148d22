using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.AspNetCore.Identity;
using Npgsql;

namespace Survey.Scheduler.Accounts;

public static class Roles
{
    public const string Admin = "admin";
    public const string Analyst = "analyst";
    public const string Board = "board";
    public static readonly string[] All = [Admin, Analyst, Board];

    public static string Swedish(string role) => role switch
    {
        Admin => "Administratör",
        Analyst => "Analytiker",
        _ => "Styrelse",
    };
}

/// <summary>
/// Accounts: local ones with a password hashed by ASP.NET Core's PasswordHasher, and those single sign-on created.
/// Deactivated, never deleted; locked for <see cref="LockoutMinutes"/> minutes after <see cref="MaxFailedSignIns"/>
/// failed sign-ins in a row; the last active admin cannot be demoted or deactivated.
/// </summary>
public static partial class Accounts
{
    public sealed record Account(string Name, string Role);

    public sealed record AccountRow(string Name, string Role, string Source, bool Active, DateTime? LastSignIn,
        DateTime? LockedUntil, bool MustChangePassword);

    public enum SignInOutcome { Ok, MustChangePassword, Wrong, Locked, Inactive }

    public sealed record SignInResult(SignInOutcome Outcome, Account? Account);

    public const int MaxFailedSignIns = 5;
    public const int LockoutMinutes = 15;

    private static readonly PasswordHasher<Account> Hasher = new();

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{1,62}$")]
    private static partial Regex ValidName();

    /// <summary>Creates a local account, or with replace sets the password and role of an existing one.</summary>
    public static async Task AddAsync(NpgsqlDataSource db, string name, string role, string password, bool replace, CancellationToken ct)
    {
        if (!ValidName().IsMatch(name))
            throw new UserError($"Ogiltigt kontonamn '{name}': använd 2–63 små bokstäver (a–z), siffror, '.', '_' eller '-'.");
        CheckRole(role);
        if (PasswordPolicy.Problem(name, password) is { } problem)
            throw new UserError(problem);

        var hash = Hash(name, password);
        await using var connection = await db.OpenConnectionAsync(ct);
        var written = await connection.ExecuteAsync(new CommandDefinition(
            replace
                ? """
                  INSERT INTO app_user (name, role, password_hash) VALUES (@name, @role, @hash)
                  ON CONFLICT (name) DO UPDATE SET role = excluded.role, password_hash = excluded.password_hash,
                      source = 'local', active = true, failed_sign_ins = 0, locked_until = NULL, must_change_password = false
                  """
                : "INSERT INTO app_user (name, role, password_hash) VALUES (@name, @role, @hash) ON CONFLICT (name) DO NOTHING",
            new { name, role, hash }, cancellationToken: ct));
        if (written == 0)
            throw new UserError($"Kontot '{name}' finns redan.");
    }

    public static async Task<IReadOnlyList<AccountRow>> ListAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<AccountRow>(new CommandDefinition("""
            SELECT name, role, source, active, last_sign_in AS LastSignIn, locked_until AS LockedUntil,
                   must_change_password AS MustChangePassword
            FROM app_user ORDER BY active DESC, name
            """, cancellationToken: ct))).ToList();
    }

    /// <summary>Checks a local password, counting failures towards the lockout; a locked account is not even checked.</summary>
    public static async Task<SignInResult> SignInAsync(NpgsqlDataSource db, string name, string password, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<(string Name, string Role, string? Hash, bool Active, DateTime? LockedUntil, bool MustChange)>(
            new CommandDefinition("""
                SELECT name, role, password_hash, active, locked_until, must_change_password
                FROM app_user WHERE name = @name AND source = 'local'
                """, new { name }, cancellationToken: ct));
        if (row.Name is null || row.Hash is null)
        {
            Hash(name, password); // the same work whether or not the name exists
            return new(SignInOutcome.Wrong, null);
        }
        if (row.LockedUntil is { } until && until > now.UtcDateTime)
            return new(SignInOutcome.Locked, null);
        var account = new Account(row.Name, row.Role);
        var verified = Hasher.VerifyHashedPassword(account, row.Hash, PasswordPolicy.Normalise(password));
        if (verified == PasswordVerificationResult.Failed)
        {
            var locked = await connection.ExecuteScalarAsync<bool>(new CommandDefinition("""
                UPDATE app_user SET
                    failed_sign_ins = CASE WHEN failed_sign_ins + 1 >= @max THEN 0 ELSE failed_sign_ins + 1 END,
                    locked_until = CASE WHEN failed_sign_ins + 1 >= @max THEN @until ELSE NULL END
                WHERE name = @name
                RETURNING locked_until IS NOT NULL
                """, new { name, max = MaxFailedSignIns, until = now.AddMinutes(LockoutMinutes).UtcDateTime }, cancellationToken: ct));
            return new(locked ? SignInOutcome.Locked : SignInOutcome.Wrong, null);
        }
        if (!row.Active)
            return new(SignInOutcome.Inactive, null);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE app_user SET failed_sign_ins = 0, locked_until = NULL, last_sign_in = @now,
                password_hash = CASE WHEN @rehash THEN @hash ELSE password_hash END
            WHERE name = @name
            """, new
        {
            name, now = now.UtcDateTime, rehash = verified == PasswordVerificationResult.SuccessRehashNeeded,
            hash = verified == PasswordVerificationResult.SuccessRehashNeeded ? Hash(name, password) : null,
        }, cancellationToken: ct));
        return new(row.MustChange ? SignInOutcome.MustChangePassword : SignInOutcome.Ok, account);
    }

    /// <summary>
    /// A single sign-on user: created on first sign-in, its role set from the identity provider each time. Null
    /// when the account was deactivated here, or the name belongs to a local account.
    /// </summary>
    public static async Task<Account?> SignInFromProviderAsync(NpgsqlDataSource db, string name, string role, DateTimeOffset now, CancellationToken ct)
    {
        CheckRole(role);
        await using var connection = await db.OpenConnectionAsync(ct);
        var active = await connection.ExecuteScalarAsync<bool?>(new CommandDefinition("""
            INSERT INTO app_user (name, role, source, last_sign_in) VALUES (@name, @role, 'oidc', @now)
            ON CONFLICT (name) DO UPDATE SET role = excluded.role, last_sign_in = excluded.last_sign_in
                WHERE app_user.source = 'oidc' AND app_user.active
            RETURNING active
            """, new { name, role, now = now.UtcDateTime }, cancellationToken: ct));
        return active == true ? new Account(name, role) : null;
    }

    public static async Task ChangePasswordAsync(NpgsqlDataSource db, string name, string current, string next, CancellationToken ct)
    {
        var check = await SignInAsync(db, name, current, DateTimeOffset.UtcNow, ct);
        if (check.Account is null)
            throw new UserError(check.Outcome == SignInOutcome.Locked
                ? $"Kontot är låst i {LockoutMinutes} minuter efter för många felaktiga lösenord."
                : "Det nuvarande lösenordet stämmer inte.");
        if (next == current)
            throw new UserError("Välj ett nytt lösenord, inte samma som förut.");
        if (PasswordPolicy.Problem(name, next) is { } problem)
            throw new UserError(problem);
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE app_user SET password_hash = @hash, must_change_password = false WHERE name = @name AND source = 'local'",
            new { name, hash = Hash(name, next) }, cancellationToken: ct));
    }

    /// <summary>Sets a one-time password that must be changed at the next sign-in, and lifts a lockout. Returns it.</summary>
    public static async Task<string> ResetPasswordAsync(NpgsqlDataSource db, string name, CancellationToken ct)
    {
        var oneTime = OneTimePassword();
        await using var connection = await db.OpenConnectionAsync(ct);
        var changed = await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE app_user SET password_hash = @hash, must_change_password = true, failed_sign_ins = 0, locked_until = NULL
            WHERE name = @name AND source = 'local'
            """, new { name, hash = Hash(name, oneTime) }, cancellationToken: ct));
        if (changed == 0)
            throw new UserError($"Kontot '{name}' finns inte eller loggar in via organisationens inloggning.");
        return oneTime;
    }

    public static Task SetRoleAsync(NpgsqlDataSource db, string name, string role, CancellationToken ct)
    {
        CheckRole(role);
        return ChangeKeepingAnAdminAsync(db, name, "UPDATE app_user SET role = @role WHERE name = @name AND source = 'local'",
            new { name, role }, removesAdmin: role != Roles.Admin, ct);
    }

    public static Task SetActiveAsync(NpgsqlDataSource db, string name, bool active, CancellationToken ct) =>
        ChangeKeepingAnAdminAsync(db, name, "UPDATE app_user SET active = @active WHERE name = @name",
            new { name, active }, removesAdmin: !active, ct);

    /// <summary>One change at a time (a table lock), so two admins cannot demote each other at once.</summary>
    private static async Task ChangeKeepingAnAdminAsync(NpgsqlDataSource db, string name, string sql, object args, bool removesAdmin, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("LOCK TABLE app_user IN SHARE ROW EXCLUSIVE MODE", transaction: tx, cancellationToken: ct));
        var target = await connection.QuerySingleOrDefaultAsync<(string Name, string Role, bool Active, string Source)>(new CommandDefinition(
            "SELECT name, role, active, source FROM app_user WHERE name = @name", new { name }, tx, cancellationToken: ct));
        if (target.Name is null)
            throw new UserError($"Kontot '{name}' finns inte.");
        if (removesAdmin && target.Role == Roles.Admin && target.Active && await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                "SELECT count(*) FROM app_user WHERE role = 'admin' AND active AND name <> @name", new { name }, tx, cancellationToken: ct)) == 0)
            throw new UserError($"{name} är den enda aktiva administratören. Ge först ett annat konto rollen administratör.");
        if (await connection.ExecuteAsync(new CommandDefinition(sql, args, tx, cancellationToken: ct)) == 0)
            throw new UserError($"Rollen för {name} kommer från organisationens inloggning och ändras där.");
        await tx.CommitAsync(ct);
    }

    private static void CheckRole(string role)
    {
        if (!Roles.All.Contains(role))
            throw new UserError($"Okänd roll '{role}': använd {string.Join(", ", Roles.All)}.");
    }

    private static string Hash(string name, string password) =>
        Hasher.HashPassword(new Account(name, ""), PasswordPolicy.Normalise(password));

    /// <summary>Four groups of five letters and digits without look-alikes (about 100 bits), easy to read out.</summary>
    private static string OneTimePassword()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
        var chars = RandomNumberGenerator.GetItems<char>(alphabet, 20);
        return string.Join('-', Enumerable.Range(0, 4).Select(i => new string(chars, i * 5, 5)));
    }
}
