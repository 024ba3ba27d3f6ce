using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madoguchi.Platform.Db.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Residents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "resident_history",
                columns: table => new
                {
                    AtenaNumber = table.Column<string>(type: "TEXT", maxLength: 15, nullable: false),
                    HistoryNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    ReceivedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    HouseholdNumber = table.Column<string>(type: "TEXT", maxLength: 15, nullable: false),
                    ResidentCode = table.Column<string>(type: "TEXT", maxLength: 11, nullable: true),
                    FamilyName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    GivenName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    FamilyNameKana = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    GivenNameKana = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    KanaConfirmed = table.Column<bool>(type: "INTEGER", nullable: false),
                    FormerSurname = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    FormerSurnameKana = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    BirthDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Sex = table.Column<int>(type: "INTEGER", nullable: false),
                    Relationship = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    HouseholdOrder = table.Column<int>(type: "INTEGER", nullable: false),
                    PostalCode = table.Column<string>(type: "TEXT", maxLength: 7, nullable: false),
                    Town = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    StreetNumber = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Katagaki = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    BecameResidentOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    AddressSetOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    NotifiedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    PreviousAddress = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ChangeReason = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ChangedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ProcessedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SignatureCertificateSerial = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    AuthenticationCertificateSerial = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    ContentHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_resident_history", x => new { x.AtenaNumber, x.HistoryNumber });
                });

            migrationBuilder.CreateTable(
                name: "resident_link_cursors",
                columns: table => new
                {
                    Source = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Cursor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    LastRunAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastRunRecords = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_resident_link_cursors", x => x.Source);
                });

            migrationBuilder.CreateTable(
                name: "resident_search_grams",
                columns: table => new
                {
                    Gram = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    AtenaNumber = table.Column<string>(type: "TEXT", maxLength: 15, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_resident_search_grams", x => new { x.Gram, x.AtenaNumber });
                });

            migrationBuilder.CreateTable(
                name: "residents",
                columns: table => new
                {
                    AtenaNumber = table.Column<string>(type: "TEXT", maxLength: 15, nullable: false),
                    SearchName = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    StreetKey = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    HistoryNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    HouseholdNumber = table.Column<string>(type: "TEXT", maxLength: 15, nullable: false),
                    ResidentCode = table.Column<string>(type: "TEXT", maxLength: 11, nullable: true),
                    FamilyName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    GivenName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    FamilyNameKana = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    GivenNameKana = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    KanaConfirmed = table.Column<bool>(type: "INTEGER", nullable: false),
                    FormerSurname = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    FormerSurnameKana = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    BirthDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Sex = table.Column<int>(type: "INTEGER", nullable: false),
                    Relationship = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    HouseholdOrder = table.Column<int>(type: "INTEGER", nullable: false),
                    PostalCode = table.Column<string>(type: "TEXT", maxLength: 7, nullable: false),
                    Town = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    StreetNumber = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Katagaki = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    BecameResidentOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    AddressSetOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    NotifiedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    PreviousAddress = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ChangeReason = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ChangedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ProcessedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SignatureCertificateSerial = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    AuthenticationCertificateSerial = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    ContentHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_residents", x => x.AtenaNumber);
                });

            migrationBuilder.CreateIndex(
                name: "IX_resident_history_ProcessedAt",
                table: "resident_history",
                column: "ProcessedAt");

            migrationBuilder.CreateIndex(
                name: "IX_resident_search_grams_AtenaNumber",
                table: "resident_search_grams",
                column: "AtenaNumber");

            migrationBuilder.CreateIndex(
                name: "IX_residents_AuthenticationCertificateSerial",
                table: "residents",
                column: "AuthenticationCertificateSerial");

            migrationBuilder.CreateIndex(
                name: "IX_residents_BirthDate",
                table: "residents",
                column: "BirthDate");

            migrationBuilder.CreateIndex(
                name: "IX_residents_HouseholdNumber",
                table: "residents",
                column: "HouseholdNumber");

            migrationBuilder.CreateIndex(
                name: "IX_residents_ResidentCode",
                table: "residents",
                column: "ResidentCode");

            migrationBuilder.CreateIndex(
                name: "IX_residents_SignatureCertificateSerial",
                table: "residents",
                column: "SignatureCertificateSerial");

            migrationBuilder.CreateIndex(
                name: "IX_residents_Town_StreetKey",
                table: "residents",
                columns: new[] { "Town", "StreetKey" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "resident_history");

            migrationBuilder.DropTable(
                name: "resident_link_cursors");

            migrationBuilder.DropTable(
                name: "resident_search_grams");

            migrationBuilder.DropTable(
                name: "residents");
        }
    }
}
