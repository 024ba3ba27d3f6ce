using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madoguchi.Platform.Db.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MoveOutCertificates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "move_out_certificates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    FromMunicipalityCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    FromMunicipality = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ResidentCode = table.Column<string>(type: "TEXT", maxLength: 11, nullable: false),
                    FamilyName = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    GivenName = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    FamilyNameKana = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    GivenNameKana = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    BirthDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Sex = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    HouseholderName = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Relationship = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    PreviousAddress = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    NewAddress = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    PlannedMoveDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    PlannedVisitDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ContentHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ReceivedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_move_out_certificates", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_move_out_certificates_BirthDate",
                table: "move_out_certificates",
                column: "BirthDate");

            migrationBuilder.CreateIndex(
                name: "IX_move_out_certificates_FromMunicipalityCode_ResidentCode_PlannedMoveDate",
                table: "move_out_certificates",
                columns: new[] { "FromMunicipalityCode", "ResidentCode", "PlannedMoveDate" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "move_out_certificates");
        }
    }
}
