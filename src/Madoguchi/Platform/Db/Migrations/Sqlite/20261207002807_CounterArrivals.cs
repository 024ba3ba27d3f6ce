using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madoguchi.Platform.Db.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CounterArrivals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "VisitorAtena",
                table: "counter_visits",
                type: "TEXT",
                maxLength: 15,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldMaxLength: 15);

            migrationBuilder.AlterColumn<string>(
                name: "HouseholdNumber",
                table: "counter_visits",
                type: "TEXT",
                maxLength: 15,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldMaxLength: 15);

            migrationBuilder.AddColumn<string>(
                name: "Arrivals",
                table: "counter_visits",
                type: "TEXT",
                maxLength: 20000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReservationReceipt",
                table: "counter_visits",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_counter_visits_ReservationReceipt",
                table: "counter_visits",
                column: "ReservationReceipt",
                unique: true,
                filter: "\"Status\" IN ('Interviewing', 'Prepared')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_counter_visits_ReservationReceipt",
                table: "counter_visits");

            migrationBuilder.DropColumn(
                name: "Arrivals",
                table: "counter_visits");

            migrationBuilder.DropColumn(
                name: "ReservationReceipt",
                table: "counter_visits");

            migrationBuilder.AlterColumn<string>(
                name: "VisitorAtena",
                table: "counter_visits",
                type: "TEXT",
                maxLength: 15,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldMaxLength: 15,
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "HouseholdNumber",
                table: "counter_visits",
                type: "TEXT",
                maxLength: 15,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldMaxLength: 15,
                oldNullable: true);
        }
    }
}
