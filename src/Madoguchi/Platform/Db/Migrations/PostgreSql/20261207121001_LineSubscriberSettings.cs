using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madoguchi.Platform.Db.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class LineSubscriberSettings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AgeBand",
                table: "line_subscribers",
                type: "character varying(10)",
                maxLength: 10,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Area",
                table: "line_subscribers",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ConsentVersion",
                table: "line_subscribers",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ConsentedAt",
                table: "line_subscribers",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Interests",
                table: "line_subscribers",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AgeBand",
                table: "line_subscribers");

            migrationBuilder.DropColumn(
                name: "Area",
                table: "line_subscribers");

            migrationBuilder.DropColumn(
                name: "ConsentVersion",
                table: "line_subscribers");

            migrationBuilder.DropColumn(
                name: "ConsentedAt",
                table: "line_subscribers");

            migrationBuilder.DropColumn(
                name: "Interests",
                table: "line_subscribers");
        }
    }
}
