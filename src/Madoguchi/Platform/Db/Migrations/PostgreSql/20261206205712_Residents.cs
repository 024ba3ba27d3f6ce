using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madoguchi.Platform.Db.Migrations.PostgreSql
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
                    AtenaNumber = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: false),
                    HistoryNumber = table.Column<int>(type: "integer", nullable: false),
                    ReceivedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    HouseholdNumber = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: false),
                    ResidentCode = table.Column<string>(type: "character varying(11)", maxLength: 11, nullable: true),
                    FamilyName = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    GivenName = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    FamilyNameKana = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    GivenNameKana = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    KanaConfirmed = table.Column<bool>(type: "boolean", nullable: false),
                    FormerSurname = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    FormerSurnameKana = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    BirthDate = table.Column<DateOnly>(type: "date", nullable: false),
                    Sex = table.Column<int>(type: "integer", nullable: false),
                    Relationship = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    HouseholdOrder = table.Column<int>(type: "integer", nullable: false),
                    PostalCode = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                    Town = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    StreetNumber = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Katagaki = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    BecameResidentOn = table.Column<DateOnly>(type: "date", nullable: false),
                    AddressSetOn = table.Column<DateOnly>(type: "date", nullable: false),
                    NotifiedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    PreviousAddress = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ChangeReason = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ChangedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    ProcessedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    SignatureCertificateSerial = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    AuthenticationCertificateSerial = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    ContentHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_resident_history", x => new { x.AtenaNumber, x.HistoryNumber });
                });

            migrationBuilder.CreateTable(
                name: "resident_link_cursors",
                columns: table => new
                {
                    Source = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Cursor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    LastRunAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastRunRecords = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_resident_link_cursors", x => x.Source);
                });

            migrationBuilder.CreateTable(
                name: "resident_search_grams",
                columns: table => new
                {
                    Gram = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    AtenaNumber = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_resident_search_grams", x => new { x.Gram, x.AtenaNumber });
                });

            migrationBuilder.CreateTable(
                name: "residents",
                columns: table => new
                {
                    AtenaNumber = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: false),
                    SearchName = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    StreetKey = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    HistoryNumber = table.Column<int>(type: "integer", nullable: false),
                    HouseholdNumber = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: false),
                    ResidentCode = table.Column<string>(type: "character varying(11)", maxLength: 11, nullable: true),
                    FamilyName = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    GivenName = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    FamilyNameKana = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    GivenNameKana = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    KanaConfirmed = table.Column<bool>(type: "boolean", nullable: false),
                    FormerSurname = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    FormerSurnameKana = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    BirthDate = table.Column<DateOnly>(type: "date", nullable: false),
                    Sex = table.Column<int>(type: "integer", nullable: false),
                    Relationship = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    HouseholdOrder = table.Column<int>(type: "integer", nullable: false),
                    PostalCode = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                    Town = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    StreetNumber = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Katagaki = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    BecameResidentOn = table.Column<DateOnly>(type: "date", nullable: false),
                    AddressSetOn = table.Column<DateOnly>(type: "date", nullable: false),
                    NotifiedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    PreviousAddress = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ChangeReason = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ChangedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    ProcessedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    SignatureCertificateSerial = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    AuthenticationCertificateSerial = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    ContentHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
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
