// Jest stand-in for imported stylesheets (Vite handles them in the app).
export default {};
