using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madoguchi.Platform.Db.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Intake : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ApplicantAddress",
                table: "applications",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "ApplicantBirthDate",
                table: "applications",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ExternalId",
                table: "applications",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MatchCandidates",
                table: "applications",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MatchStatus",
                table: "applications",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SignatureCertificateSerial",
                table: "applications",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "intake_files",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 260, nullable: false),
                    ContentSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Mapping = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Report = table.Column<string>(type: "TEXT", nullable: false),
                    Records = table.Column<int>(type: "INTEGER", nullable: false),
                    ReceivedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Caller = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    IdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_intake_files", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_applications_Channel_ExternalId",
                table: "applications",
                columns: new[] { "Channel", "ExternalId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_applications_SignatureCertificateSerial",
                table: "applications",
                column: "SignatureCertificateSerial");

            migrationBuilder.CreateIndex(
                name: "IX_intake_files_Caller_IdempotencyKey",
                table: "intake_files",
                columns: new[] { "Caller", "IdempotencyKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_intake_files_ReceivedAt",
                table: "intake_files",
                column: "ReceivedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "intake_files");

            migrationBuilder.DropIndex(
                name: "IX_applications_Channel_ExternalId",
                table: "applications");

            migrationBuilder.DropIndex(
                name: "IX_applications_SignatureCertificateSerial",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "ApplicantAddress",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "ApplicantBirthDate",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "ExternalId",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "MatchCandidates",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "MatchStatus",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "SignatureCertificateSerial",
                table: "applications");
        }
    }
}
