import type { Config } from "tailwindcss";

export default {
  content: ["./app/**/*.{ts,tsx}"],
  theme: {
    extend: {
      colors: {
        brand: { 50: "#eef6f7", 100: "#d5e9ec", 500: "#2b7a86", 600: "#21636d", 700: "#1b4f57", 900: "#10323a" },
      },
      fontFamily: {
        sans: ["Inter", "system-ui", '"Noto Sans CJK SC"', '"PingFang SC"', '"Microsoft YaHei"', "sans-serif"],
      },
    },
  },
  plugins: [],
} satisfies Config;
