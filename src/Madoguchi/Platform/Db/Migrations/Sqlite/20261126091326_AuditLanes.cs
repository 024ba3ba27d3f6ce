using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Madoguchi.Platform.Db.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AuditLanes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Lane",
                table: "audit_events",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<long>(
                name: "LanePosition",
                table: "audit_events",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.InsertData(
                table: "audit_chain_head",
                columns: new[] { "id", "last_hash", "sequence" },
                values: new object[,]
                {
                    { 2, "0000000000000000000000000000000000000000000000000000000000000000", 0L },
                    { 3, "0000000000000000000000000000000000000000000000000000000000000000", 0L },
                    { 4, "0000000000000000000000000000000000000000000000000000000000000000", 0L },
                    { 5, "0000000000000000000000000000000000000000000000000000000000000000", 0L },
                    { 6, "0000000000000000000000000000000000000000000000000000000000000000", 0L },
                    { 7, "0000000000000000000000000000000000000000000000000000000000000000", 0L },
                    { 8, "0000000000000000000000000000000000000000000000000000000000000000", 0L }
                });

            migrationBuilder.CreateIndex(
                name: "IX_audit_events_Lane_LanePosition",
                table: "audit_events",
                columns: new[] { "Lane", "LanePosition" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_audit_events_Lane_LanePosition",
                table: "audit_events");

            migrationBuilder.DeleteData(
                table: "audit_chain_head",
                keyColumn: "id",
                keyValue: 2);

            migrationBuilder.DeleteData(
                table: "audit_chain_head",
                keyColumn: "id",
                keyValue: 3);

            migrationBuilder.DeleteData(
                table: "audit_chain_head",
                keyColumn: "id",
                keyValue: 4);

            migrationBuilder.DeleteData(
                table: "audit_chain_head",
                keyColumn: "id",
                keyValue: 5);

            migrationBuilder.DeleteData(
                table: "audit_chain_head",
                keyColumn: "id",
                keyValue: 6);

            migrationBuilder.DeleteData(
                table: "audit_chain_head",
                keyColumn: "id",
                keyValue: 7);

            migrationBuilder.DeleteData(
                table: "audit_chain_head",
                keyColumn: "id",
                keyValue: 8);

            migrationBuilder.DropColumn(
                name: "Lane",
                table: "audit_events");

            migrationBuilder.DropColumn(
                name: "LanePosition",
                table: "audit_events");
        }
    }
}
