using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madoguchi.Platform.Db.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class ProcedureAvailability : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Availability",
                table: "procedures",
                type: "character varying(10)",
                maxLength: 10,
                nullable: false,
                defaultValue: "Offered");

            migrationBuilder.AddColumn<string>(
                name: "AvailabilityChangedBy",
                table: "procedures",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AvailabilityReason",
                table: "procedures",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            // A procedure withdrawn before availability existed was withdrawn by the catalog sync (its file removed).
            migrationBuilder.Sql("UPDATE procedures SET \"Availability\" = 'Removed' WHERE \"Withdrawn\"");

            migrationBuilder.DropColumn(
                name: "Withdrawn",
                table: "procedures");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "Withdrawn",
                table: "procedures",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.Sql("UPDATE procedures SET \"Withdrawn\" = TRUE WHERE \"Availability\" <> 'Offered'");

            migrationBuilder.DropColumn(
                name: "Availability",
                table: "procedures");

            migrationBuilder.DropColumn(
                name: "AvailabilityChangedBy",
                table: "procedures");

            migrationBuilder.DropColumn(
                name: "AvailabilityReason",
                table: "procedures");
        }
    }
}
