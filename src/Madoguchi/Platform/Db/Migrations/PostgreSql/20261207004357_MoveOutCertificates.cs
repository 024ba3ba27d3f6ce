using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madoguchi.Platform.Db.Migrations.PostgreSql
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    FromMunicipalityCode = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    FromMunicipality = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ResidentCode = table.Column<string>(type: "character varying(11)", maxLength: 11, nullable: false),
                    FamilyName = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    GivenName = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    FamilyNameKana = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    GivenNameKana = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    BirthDate = table.Column<DateOnly>(type: "date", nullable: false),
                    Sex = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    HouseholderName = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    Relationship = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    PreviousAddress = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    NewAddress = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    PlannedMoveDate = table.Column<DateOnly>(type: "date", nullable: false),
                    PlannedVisitDate = table.Column<DateOnly>(type: "date", nullable: true),
                    ContentHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Source = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ReceivedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
                name: "IX_move_out_certificates_FromMunicipalityCode_ResidentCode_Pla~",
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
